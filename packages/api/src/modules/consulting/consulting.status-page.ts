import {
  CONSULTING_LIMITS,
  escapeMarkup as esc,
  localDay,
  type ConsultingStatus,
  type ConsultingStatusView,
  type Locale,
} from '@euregionet/shared';
import { htmlPage, pageCsp } from '../../html-page.js';
import { formatDay, topicLabel } from './consulting.mail.js';

/**
 * The requester's status page: plain server-rendered HTML in the requester's language, no script,
 * one inline style block allowed by its nonce. Everything from the database is escaped.
 */

const TEXT = {
  de: {
    title: 'Ihre Beratungsanfrage',
    reference: 'Aktenzeichen',
    state: 'Stand',
    topic: 'Thema',
    received: 'Eingegangen am',
    due: 'Erste Antwort bis',
    messages: 'Nachrichten',
    none: 'Noch keine Nachrichten.',
    fromStaff: 'Von uns',
    fromYou: 'Ihre Antwort',
    answer: 'Ihre Antwort an uns',
    answerHint: `Höchstens ${CONSULTING_LIMITS.requesterReply} Zeichen. Ihre Antwort wird bei Ihrer Anfrage gespeichert.`,
    files: 'Dateien anhängen (freiwillig)',
    filesHint: `Bis zu ${CONSULTING_LIMITS.requesterFiles} Dateien: PDF, Word (DOCX), Excel (XLSX), ODT, CSV, Text oder Bilder (PNG, JPEG, WebP).`,
    attached: 'Angehängt',
    sharedFiles: 'Dateien von uns',
    fileType: 'Eine der Dateien hat ein Format, das wir nicht annehmen. Erlaubt: PDF, DOCX, XLSX, ODT, CSV, Text, PNG, JPEG, WebP.',
    fileTooLarge: 'Eine der Dateien ist zu groß.',
    tooManyFiles: `Bitte hängen Sie höchstens ${CONSULTING_LIMITS.requesterFiles} Dateien an.`,
    filesLimit: `Zu dieser Anfrage können Sie insgesamt höchstens ${CONSULTING_LIMITS.requesterFilesPerRequest} Dateien senden. Schicken Sie Ihre Antwort bitte ohne weitere Dateien.`,
    malformed: 'Die Antwort kam unvollständig an. Bitte senden Sie sie noch einmal.',
    send: 'Antwort senden',
    sent: 'Vielen Dank: Ihre Antwort ist bei Ihrer Anfrage gespeichert.',
    closed: 'Diese Anfrage ist abgeschlossen. Für ein neues Anliegen stellen Sie bitte eine neue Anfrage.',
    empty: 'Bitte schreiben Sie eine Antwort.',
    tooLong: `Die Antwort ist zu lang (höchstens ${CONSULTING_LIMITS.requesterReply} Zeichen).`,
    invalid: 'Dieser Link funktioniert nicht (mehr). Verwenden Sie den Link aus unserer neuesten E-Mail.',
    tooMany: 'Zu viele Antworten in kurzer Zeit. Bitte versuchen Sie es später noch einmal.',
    foreign: 'Diese Antwort kam nicht von dieser Seite und wurde nicht gespeichert.',
  },
  pl: {
    title: 'Twoje zapytanie',
    reference: 'Numer',
    state: 'Stan',
    topic: 'Temat',
    received: 'Otrzymano',
    due: 'Pierwsza odpowiedź do',
    messages: 'Wiadomości',
    none: 'Nie ma jeszcze wiadomości.',
    fromStaff: 'Od nas',
    fromYou: 'Twoja odpowiedź',
    answer: 'Twoja odpowiedź do nas',
    answerHint: `Najwyżej ${CONSULTING_LIMITS.requesterReply} znaków. Odpowiedź zostanie zapisana przy Twoim zapytaniu.`,
    files: 'Dołącz pliki (opcjonalnie)',
    filesHint: `Do ${CONSULTING_LIMITS.requesterFiles} plików: PDF, Word (DOCX), Excel (XLSX), ODT, CSV, tekst lub obrazy (PNG, JPEG, WebP).`,
    attached: 'Załączniki',
    sharedFiles: 'Pliki od nas',
    fileType: 'Jeden z plików ma format, którego nie przyjmujemy. Dozwolone: PDF, DOCX, XLSX, ODT, CSV, tekst, PNG, JPEG, WebP.',
    fileTooLarge: 'Jeden z plików jest za duży.',
    tooManyFiles: `Dołącz najwyżej ${CONSULTING_LIMITS.requesterFiles} pliki.`,
    filesLimit: `Do tego zapytania możesz wysłać łącznie najwyżej ${CONSULTING_LIMITS.requesterFilesPerRequest} plików. Wyślij odpowiedź bez kolejnych plików.`,
    malformed: 'Odpowiedź dotarła niekompletna. Wyślij ją ponownie.',
    send: 'Wyślij odpowiedź',
    sent: 'Dziękujemy: Twoja odpowiedź została zapisana przy zapytaniu.',
    closed: 'To zapytanie jest zamknięte. W nowej sprawie wyślij nowe zapytanie.',
    empty: 'Prosimy wpisać odpowiedź.',
    tooLong: `Odpowiedź jest za długa (najwyżej ${CONSULTING_LIMITS.requesterReply} znaków).`,
    invalid: 'Ten link nie działa (już). Użyj linku z naszej najnowszej wiadomości e-mail.',
    tooMany: 'Zbyt wiele odpowiedzi w krótkim czasie. Spróbuj ponownie później.',
    foreign: 'Ta odpowiedź nie pochodziła z tej strony i nie została zapisana.',
  },
  en: {
    title: 'Your consulting request',
    reference: 'Reference',
    state: 'State',
    topic: 'Topic',
    received: 'Received on',
    due: 'First answer by',
    messages: 'Messages',
    none: 'No messages yet.',
    fromStaff: 'From us',
    fromYou: 'Your answer',
    answer: 'Your answer to us',
    answerHint: `At most ${CONSULTING_LIMITS.requesterReply} characters. Your answer is recorded with your request.`,
    files: 'Attach files (optional)',
    filesHint: `Up to ${CONSULTING_LIMITS.requesterFiles} files: PDF, Word (DOCX), Excel (XLSX), ODT, CSV, text or images (PNG, JPEG, WebP).`,
    attached: 'Attached',
    sharedFiles: 'Files from us',
    fileType: 'One of the files has a format we do not accept. Allowed: PDF, DOCX, XLSX, ODT, CSV, text, PNG, JPEG, WebP.',
    fileTooLarge: 'One of the files is too large.',
    tooManyFiles: `Please attach at most ${CONSULTING_LIMITS.requesterFiles} files.`,
    filesLimit: `You can send at most ${CONSULTING_LIMITS.requesterFilesPerRequest} files for this request in all. Please send your answer without further files.`,
    malformed: 'The answer arrived incomplete. Please send it again.',
    send: 'Send answer',
    sent: 'Thank you: your answer has been recorded with your request.',
    closed: 'This request is closed. For a new matter, please send a new request.',
    empty: 'Please write an answer.',
    tooLong: `The answer is too long (at most ${CONSULTING_LIMITS.requesterReply} characters).`,
    invalid: 'This link does not work (any more). Please use the link in our latest e-mail.',
    tooMany: 'Too many answers in a short time. Please try again later.',
    foreign: 'This answer did not come from this page and has not been recorded.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type StatusPageNotice =
  | 'sent'
  | 'empty'
  | 'tooLong'
  | 'tooMany'
  | 'foreign'
  | 'closed'
  | 'fileType'
  | 'fileTooLarge'
  | 'tooManyFiles'
  | 'filesLimit'
  | 'malformed';

const STATES: Record<ConsultingStatus, Record<Locale, string>> = {
  new: { de: 'Eingegangen', pl: 'Otrzymane', en: 'Received' },
  assigned: { de: 'Einer Beraterin oder einem Berater zugewiesen', pl: 'Przydzielone doradcy', en: 'Assigned to a consultant' },
  in_progress: { de: 'In Bearbeitung', pl: 'W trakcie', en: 'In progress' },
  waiting_for_requester: { de: 'Wir warten auf Ihre Antwort', pl: 'Czekamy na Twoją odpowiedź', en: 'Waiting for your answer' },
  resolved: { de: 'Bearbeitet', pl: 'Rozpatrzone', en: 'Resolved' },
  closed: { de: 'Abgeschlossen', pl: 'Zamknięte', en: 'Closed' },
  rejected: { de: 'Abgelehnt', pl: 'Odrzucone', en: 'Rejected' },
};

/** What the file picker offers first; the API reads the type from the content either way. */
const ACCEPT = '.pdf,.docx,.xlsx,.odt,.csv,.txt,.png,.jpg,.jpeg,.webp';

/** What the status page adds to the shared frame: the conversation, the answer form. */
const STYLE = `ol{list-style:none;padding:0;margin:0}li{background:#fff;border-left:4px solid #123f6b;padding:.5rem 1rem;margin:.5rem 0;border-radius:4px}
li.requester{border-color:#2e7d32}.meta{color:#52606d;font-size:.875rem}.body{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0 0}
label{display:block;font-weight:600;margin-bottom:.25rem}textarea{box-sizing:border-box;width:100%;min-height:9rem;font:inherit;padding:.5rem}
.files{margin:.25rem 0 0;padding-left:1.25rem;list-style:disc}.files li{background:none;border:0;padding:0;margin:.125rem 0}
input[type=file]{display:block;max-width:100%;margin-bottom:.75rem}`;

const page = (lang: Locale, nonce: string, title: string, content: string) =>
  htmlPage({ lang, nonce, title, width: '42rem', style: STYLE }, content);

/** The page's own policy: nothing but its style block; the form posts only back to the API. */
export const statusPageCsp = (nonce: string) => pageCsp(nonce, { forms: true });

export function renderStatusPage(
  view: ConsultingStatusView,
  o: { nonce: string; action: string; notice?: StatusPageNotice; draft?: string },
): string {
  const lang = view.language;
  const t = TEXT[lang];
  // Files download through the page's own link: `action` is `/status/{token}`.
  const fileLinks = (files: readonly { id: string; name: string }[]) =>
    `<ul class="files">${files
      .map((f) => `<li><a href="${esc(`${o.action}/files/${f.id}`)}" download data-testid="file">${esc(f.name)}</a></li>`)
      .join('')}</ul>`;
  const when = (iso: string) => formatDay(localDay(new Date(iso)), lang);
  const notice = o.notice
    ? `<p class="notice${o.notice === 'sent' ? '' : ' error'}" role="status" data-testid="notice">${esc(t[o.notice])}</p>`
    : '';
  const messages = view.messages.length
    ? `<ol data-testid="messages">${view.messages
        .map(
          (m) =>
            `<li class="${m.from}"><div class="meta">${esc(m.from === 'staff' ? t.fromStaff : t.fromYou)} · ${esc(when(m.at))}</div><p class="body">${esc(m.body)}</p>${
              m.files.length ? `<div class="meta">${esc(t.attached)}</div>${fileLinks(m.files)}` : ''
            }</li>`,
        )
        .join('')}</ol>`
    : `<p>${esc(t.none)}</p>`;
  const form = view.canReply
    ? `<h2>${esc(t.answer)}</h2><form method="post" action="${esc(o.action)}" enctype="multipart/form-data">
<label for="body">${esc(t.answer)}</label>
<textarea id="body" name="body" maxlength="${CONSULTING_LIMITS.requesterReply}" required aria-describedby="body-hint">${esc(o.draft ?? '')}</textarea>
<p id="body-hint" class="hint">${esc(t.answerHint)}</p>
<label for="files">${esc(t.files)}</label>
<input id="files" name="files" type="file" multiple aria-describedby="files-hint" accept="${ACCEPT}">
<p id="files-hint" class="hint">${esc(t.filesHint)}</p>
<button type="submit">${esc(t.send)}</button></form>`
    : `<p class="notice">${esc(t.closed)}</p>`;
  return page(
    lang,
    o.nonce,
    `${t.title} ${view.reference}`,
    `<h1>${esc(t.title)}</h1>${notice}
<dl><dt>${esc(t.reference)}</dt><dd data-testid="reference">${esc(view.reference)}</dd>
<dt>${esc(t.state)}</dt><dd data-testid="state">${esc(STATES[view.status][lang])}</dd>
<dt>${esc(t.topic)}</dt><dd>${esc(topicLabel(view.topic, lang))}</dd>
<dt>${esc(t.received)}</dt><dd>${esc(when(view.receivedAt))}</dd>
<dt>${esc(t.due)}</dt><dd>${esc(formatDay(view.firstResponseDueOn, lang))}</dd></dl>
<h2>${esc(t.messages)}</h2>${messages}${
      view.files.length ? `<h2>${esc(t.sharedFiles)}</h2><div data-testid="shared-files">${fileLinks(view.files)}</div>` : ''
    }${form}`,
  );
}

/** A link that opens nothing: said in the language the browser asks for. */
export function renderInvalidLink(lang: Locale, nonce: string, notice: 'invalid' | 'tooMany' = 'invalid'): string {
  return page(
    lang,
    nonce,
    TEXT[lang].title,
    `<h1>${esc(TEXT[lang].title)}</h1><p class="notice error" role="status">${esc(TEXT[lang][notice])}</p>`,
  );
}
