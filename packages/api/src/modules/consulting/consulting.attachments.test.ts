import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { ConsultingRequestDetail, FileList, StoredFile } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, testConfig, type Principal, type TestApp } from '../../test/app.js';
import { assignRequest, polishFundingRequest, submitPortalRequest } from '../../test/consulting.js';
import { multipart, PDF, TINY_PNG } from '../../test/files.js';

/**
 * Files in the conversation: the requester attaches them to an answer on the status page, staff
 * see them on the request and choose which of their own files the requester sees.
 */

let t: TestApp;
let admin: Principal;
let portal: Principal;
let consultant: Principal & { email: string };
let outsider: Principal & { email: string };
const BASE = 'https://beratung.example.eu';

beforeAll(async () => {
  const base = testConfig();
  t = await createTestApp({
    rateLimitPerMinute: 100_000,
    publicBaseUrl: BASE,
    consulting: { ...base.consulting, statusRepliesPerHour: 50 },
    files: { ...base.files, maxBytes: 4096 },
  });
  admin = await t.admin();
  portal = await t.apiKey(['requests:create'], { rateLimitPerMinute: 10_000 });
  consultant = await t.staff('consultant', 'BIC');
  outsider = await t.staff('consultant', 'LOP');
});
afterAll(() => t.close());

let counter = 0;
async function newRequest(): Promise<ConsultingRequestDetail> {
  const n = ++counter;
  const body = polishFundingRequest(`Piotr Zieliński ${n}`, `p.zielinski.${n}@firma.example.pl`);
  const { id } = await submitPortalRequest(portal, admin, body, `198.51.100.${n}`);
  return assignRequest(admin, id, 'BIC', consultant.id);
}

const detail = async (id: string, who: Principal = consultant) =>
  json<ConsultingRequestDetail>(await who.inject({ method: 'GET', url: `/api/v1/consulting-requests/${id}` }));

const tokenOf = async (id: string) => {
  const [mail] = await queryRows<{ body: string }>(
    t.database.db,
    sql`SELECT body FROM outbox_messages WHERE source_id = ${id} AND recipient LIKE 'p.zielinski%' ORDER BY created_at DESC LIMIT 1`,
  );
  const m = new RegExp(`${BASE}/status/([A-Za-z0-9_-]{43})`).exec(mail!.body);
  expect(m).not.toBeNull();
  return m![1]!;
};

/** The status page's form as a browser sends it: the text and every chosen file. */
function answerForm(text: string, files: { name: string; content: Buffer; type?: string }[]) {
  const boundary = '----status-page-test';
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n${text}\r\n`)];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const answer = (token: string, text: string, files: { name: string; content: Buffer; type?: string }[]) =>
  t.anonymous.inject({ method: 'POST', url: `/status/${token}`, ...answerForm(text, files) });

const filesOf = async (id: string, who: Principal = consultant) =>
  who.inject({ method: 'GET', url: `/api/v1/files?ownerType=consulting_request&ownerId=${id}` });

describe('a requester’s answer with files', () => {
  it('takes at most 20 files per request in all, and says so on the status page', async () => {
    const r = await newRequest();
    const token = await tokenOf(r.id);
    const pdfs = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `strona-${from + i}.pdf`, content: PDF, type: 'application/pdf' }));
    for (let i = 0; i < 6; i++) expect((await answer(token, `Część ${i + 1}`, pdfs(3, i * 3 + 1))).statusCode).toBe(303);
    const over = await answer(token, 'Jeszcze trzy', pdfs(3, 19));
    expect(over.statusCode).toBe(409);
    expect(over.body).toContain('Do tego zapytania możesz wysłać łącznie najwyżej 20 plików.');
    // The answer is kept in the form, and the refused files are not stored.
    expect(over.body).toContain('Jeszcze trzy');
    expect((await answer(token, 'Ostatnie dwa', pdfs(2, 19))).statusCode).toBe(303);
    expect((await answer(token, 'Jeden za dużo', pdfs(1, 21))).statusCode).toBe(409);
    expect((await answer(token, 'Bez plików', [])).statusCode).toBe(303);
    const after = await detail(r.id);
    expect(after.requesterFileIds).toHaveLength(20);
    expect(json<FileList>(await filesOf(r.id)).items).toHaveLength(20);
    expect(after.timeline.filter((e) => e.kind === 'requester_reply').map((e) => e.body)).toEqual([
      'Część 1',
      'Część 2',
      'Część 3',
      'Część 4',
      'Część 5',
      'Część 6',
      'Ostatnie dwa',
      'Bez plików',
    ]);
  });

  it('lands in the timeline with its files, which the handling partner’s staff open and nobody else does', async () => {
    const r = await newRequest();
    const token = await tokenOf(r.id);
    const res = await answer(token, 'Przesyłam budżet i logo.', [
      { name: 'budżet projektu.pdf', content: PDF, type: 'application/pdf' },
      { name: 'logo.png', content: TINY_PNG, type: 'image/png' },
    ]);
    expect(res.statusCode).toBe(303);

    const after = await detail(r.id);
    const reply = after.timeline.at(-1)!;
    expect(reply.kind).toBe('requester_reply');
    expect(reply.body).toBe('Przesyłam budżet i logo.');
    expect(reply.files.map((f) => f.name)).toEqual(['budżet projektu.pdf', 'logo.png']);

    const listed = await filesOf(r.id);
    expect(listed.statusCode).toBe(200);
    const files = json<FileList>(listed).items;
    expect(files.map((f) => [f.name, f.mediaType, f.size])).toEqual([
      ['budżet projektu.pdf', 'application/pdf', PDF.length],
      ['logo.png', 'image/png', TINY_PNG.length],
    ]);
    expect(after.requesterFileIds.sort()).toEqual(files.map((f) => f.id).sort());

    const pdf = files[0]!;
    const download = await consultant.inject({ method: 'GET', url: `/api/v1/files/${pdf.id}` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);

    // Another partner's consultant, and the public, learn nothing of them.
    expect((await filesOf(r.id, outsider)).statusCode).toBe(404);
    expect((await outsider.inject({ method: 'GET', url: `/api/v1/files/${pdf.id}` })).statusCode).toBe(404);
    expect((await t.anonymous.inject({ method: 'GET', url: `/api/v1/files/${pdf.id}` })).statusCode).toBe(404);

    // The assignee's notice names the files.
    const [notice] = await queryRows<{ body: string }>(
      t.database.db,
      sql`SELECT body FROM outbox_messages WHERE source_id = ${r.id} AND kind = 'requester_replied'`,
    );
    expect(notice!.body).toContain('Angehängte Dateien:\n- budżet projektu.pdf\n- logo.png');

    // The requester sees and downloads their own files through their link.
    const page = await t.anonymous.inject({ method: 'GET', url: `/status/${token}` });
    expect(page.body).toContain(`href="/status/${token}/files/${pdf.id}"`);
    expect(page.body).toContain('Załączniki');
    const own = await t.anonymous.inject({ method: 'GET', url: `/status/${token}/files/${pdf.id}` });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.rawPayload.equals(PDF)).toBe(true);
  });

  it('refuses more than three files, a file of a type not allowed and one too large, keeping nothing', async () => {
    const r = await newRequest();
    const token = await tokenOf(r.id);
    const before = (await detail(r.id)).timeline.length;

    const four = await answer(
      token,
      'Cztery pliki',
      [1, 2, 3, 4].map((n) => ({ name: `plik${n}.pdf`, content: PDF })),
    );
    expect(four.statusCode).toBe(413);
    expect(four.body).toContain('Dołącz najwyżej 3 pliki.');

    const exe = await answer(token, 'Program', [
      { name: 'faktura.pdf', content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00binary\x00') },
    ]);
    expect(exe.statusCode).toBe(415);
    expect(exe.body).toContain('Jeden z plików ma format, którego nie przyjmujemy.');
    // The text is kept for the next try.
    expect(exe.body).toContain('>Program</textarea>');

    const big = await answer(token, 'Duży plik', [{ name: 'duzy.txt', content: Buffer.alloc(5000, 'a') }]);
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Jeden z plików jest za duży.');

    expect(json<FileList>(await filesOf(r.id)).items).toEqual([]);
    expect((await detail(r.id)).timeline).toHaveLength(before);
  });

  it('still takes an answer without files, from the multipart form with an empty file input', async () => {
    const r = await newRequest();
    const token = await tokenOf(r.id);
    const res = await answer(token, 'Bez plików.', [{ name: '', content: Buffer.alloc(0) }]);
    expect(res.statusCode).toBe(303);
    const last = (await detail(r.id)).timeline.at(-1)!;
    expect([last.kind, last.body, last.files]).toEqual(['requester_reply', 'Bez plików.', []]);
  });
});

describe('staff’s files of a request', () => {
  async function upload(id: string, name: string, content: Buffer, who: Principal = consultant) {
    return who.inject({
      method: 'POST',
      url: `/api/v1/files?ownerType=consulting_request&ownerId=${id}`,
      ...multipart(name, content),
    });
  }

  it('stay internal until staff show them to the requester, who then downloads them through the link', async () => {
    const r = await newRequest();
    const token = await tokenOf(r.id);
    const added = await upload(r.id, 'Förderaufruf.pdf', PDF);
    expect(added.statusCode).toBe(201);
    const file = json<StoredFile>(added);

    const hidden = await t.anonymous.inject({ method: 'GET', url: `/status/${token}` });
    expect(hidden.body).not.toContain('Förderaufruf.pdf');
    expect((await t.anonymous.inject({ method: 'GET', url: `/status/${token}/files/${file.id}` })).statusCode).toBe(404);

    const shared = await consultant.inject({
      method: 'PUT',
      url: `/api/v1/consulting-requests/${r.id}/shared-files`,
      payload: { fileIds: [file.id] },
    });
    expect(shared.statusCode).toBe(200);
    expect(json<ConsultingRequestDetail>(shared).requesterFileIds).toEqual([file.id]);

    const shown = await t.anonymous.inject({ method: 'GET', url: `/status/${token}` });
    expect(shown.body).toContain('Pliki od nas');
    expect(shown.body).toContain('Förderaufruf.pdf');
    const download = await t.anonymous.inject({ method: 'GET', url: `/status/${token}/files/${file.id}` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);

    // Another request's link does not reach it.
    const other = await newRequest();
    const otherToken = await tokenOf(other.id);
    expect((await t.anonymous.inject({ method: 'GET', url: `/status/${otherToken}/files/${file.id}` })).statusCode).toBe(404);

    // Hidden again.
    const unshared = await consultant.inject({
      method: 'PUT',
      url: `/api/v1/consulting-requests/${r.id}/shared-files`,
      payload: { fileIds: [] },
    });
    expect(json<ConsultingRequestDetail>(unshared).requesterFileIds).toEqual([]);
    expect((await t.anonymous.inject({ method: 'GET', url: `/status/${token}/files/${file.id}` })).statusCode).toBe(404);
  });

  it('can be shown only from the same request, and only by staff of the handling partner', async () => {
    const r = await newRequest();
    const other = await newRequest();
    const foreign = json<StoredFile>(await upload(other.id, 'inny.pdf', PDF));

    const wrong = await consultant.inject({
      method: 'PUT',
      url: `/api/v1/consulting-requests/${r.id}/shared-files`,
      payload: { fileIds: [foreign.id] },
    });
    expect(wrong.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(wrong).errors[0]!.pointer).toBe('/body/fileIds/0');

    expect((await upload(r.id, 'obcy.pdf', PDF, outsider)).statusCode).toBe(404);
    const byOutsider = await outsider.inject({
      method: 'PUT',
      url: `/api/v1/consulting-requests/${r.id}/shared-files`,
      payload: { fileIds: [] },
    });
    expect(byOutsider.statusCode).toBe(404);
  });
});
