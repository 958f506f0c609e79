import { describe, expect, it } from '@jest/globals';
import { requestReplyMail, statusLinkMail } from './consulting.mail.js';

const link = { url: 'https://portal.example.eu/status/abc', partner: 'LOP' } as const;

describe('an e-mail to a requester', () => {
  it('ends with the way to the status page, then the writer and the signature', () => {
    const mail = requestReplyMail('en', {
      name: 'Anna Nowak',
      link,
      reference: 'BR-2026-0007',
      text: 'The call opens in May.',
      from: 'Jan Kowalski, LOP',
    });
    expect(mail).toEqual({
      subject: 'Reply to your consulting request BR-2026-0007',
      body:
        'Hello Anna Nowak,\n\nThe call opens in May.\n\n' +
        'See where your request stands and answer us: https://portal.example.eu/status/abc\n' +
        'Answers sent on that page are recorded with your request. You can also reply to this e-mail; it reaches the team of Lubuska Organizacja Pracodawców.\n\n' +
        'Jan Kowalski, LOP\nKind regards\nThe EuRegioNet team\nINTERREG V A Brandenburg–Polska',
    });
  });

  it('speaks the requester’s language to the end', () => {
    expect(statusLinkMail('pl', { name: 'Anna', link, reference: 'BR-2026-0007' }).body).toBe(
      'Dzień dobry Anna,\n\n' +
        'dotychczasowy link do zapytania BR-2026-0007 przestał działać. Prosimy korzystać z nowego, podanego poniżej.\n\n' +
        'Stan zapytania i odpowiedź do nas: https://portal.example.eu/status/abc\n' +
        'Odpowiedzi wysłane na tej stronie są zapisywane przy Twoim zapytaniu. Możesz też odpowiedzieć na tę wiadomość; trafi ona do zespołu Lubuska Organizacja Pracodawców.\n\n' +
        'Z poważaniem\nZespół EuRegioNet\nINTERREG V A Brandenburgia–Polska',
    );
  });
});
