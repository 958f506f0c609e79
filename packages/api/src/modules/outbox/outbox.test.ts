import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTransport } from 'nodemailer';
import type { ConsultingRequestReceipt, OutboxPage } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app.js';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, openTestDatabase, testConfig, type Principal, type TestApp } from '../../test/app.js';
import { startTestSmtp, type TestSmtp } from '../../test/smtp.js';
import { createOutboxSender, retryDelay } from './outbox.sender.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;
let smtp: TestSmtp;

beforeAll(async () => {
  [t, smtp] = await Promise.all([createTestApp(), startTestSmtp()]);
  admin = await t.admin();
  portal = await t.apiKey(['requests:create']);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

let n = 0;
async function submit(email: string) {
  const res = await portal.inject({
    method: 'POST',
    url: '/api/v1/public/consulting-requests',
    remoteAddress: `192.0.2.${++n}`,
    payload: {
      requesterName: 'Hanna Becker',
      requesterEmail: email,
      country: 'DE',
      language: 'de',
      topic: 'internationalisation',
      message: `Wir möchten nach Polen exportieren (${n}).`,
      consent: true,
      consentTextVersion: '2026-01',
    },
  });
  expect(res.statusCode).toBe(201);
  return json<ConsultingRequestReceipt>(res);
}

const outbox = async () => json<OutboxPage>(await admin.inject({ method: 'GET', url: '/api/v1/outbox?limit=100' })).items;
const receivedBy = (email: string) => smtp.received.filter((m) => m.to.includes(email));

describe('outbox', () => {
  it('keeps e-mails, visible to coordinators and administrators, while no mail server is configured', async () => {
    await submit('kept@example.de');
    const [mail] = (await outbox()).filter((m) => m.recipient === 'kept@example.de');
    expect(mail).toMatchObject({ status: 'pending', attempts: 0, kind: 'request_received', language: 'de' });
    expect(mail!.body).toContain('Guten Tag Hanna Becker');
    const consultant = await t.staff('consultant');
    expect((await consultant.inject({ method: 'GET', url: '/api/v1/outbox' })).statusCode).toBe(403);
  });

  it('retries while the mail server is down, loses nothing, and sends each message exactly once when it is back', async () => {
    const email = 'retry@example.de';
    await submit(email);
    const sender = createOutboxSender(t.database.db, createTransport(smtp.url), {
      from: 'EuRegioNet <no-reply@euregionet.eu>',
      retryBaseMs: 60_000,
    });
    const start = new Date();

    smtp.setDown(true);
    const first = await sender.sendDue(start);
    expect(first.sent).toBe(0);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    let [mail] = (await outbox()).filter((m) => m.recipient === email);
    expect(mail).toMatchObject({ status: 'pending', attempts: 1 });
    expect(mail!.lastError).toMatch(/421|not available/i);
    expect(Date.parse(mail!.nextAttemptAt!)).toBe(start.getTime() + 60_000);

    // Not due yet: nothing is tried, however often the worker comes by.
    expect(await sender.sendDue(new Date(start.getTime() + 30_000))).toEqual({ sent: 0, failed: 0 });

    // Still down at the next attempt: the wait doubles.
    const second = await sender.sendDue(new Date(start.getTime() + 61_000));
    expect(second.sent).toBe(0);
    [mail] = (await outbox()).filter((m) => m.recipient === email);
    expect(mail!.attempts).toBe(2);
    expect(Date.parse(mail!.nextAttemptAt!)).toBe(start.getTime() + 61_000 + 120_000);

    smtp.setDown(false);
    const later = new Date(start.getTime() + 61_000 + 120_000);
    const third = await sender.sendDue(later);
    expect(third.failed).toBe(0);
    expect(third.sent).toBeGreaterThanOrEqual(1);
    // More rounds send nothing again.
    expect(await sender.sendDue(new Date(later.getTime() + 3_600_000))).toEqual({ sent: 0, failed: 0 });

    expect(receivedBy(email)).toHaveLength(1);
    [mail] = (await outbox()).filter((m) => m.recipient === email);
    expect(mail).toMatchObject({ status: 'sent', lastError: null, nextAttemptAt: null });
    expect(receivedBy(email)[0]!.messageId).toBe(`<${mail!.id}@outbox.euregionet>`);
    // Every message that was waiting went out, each once.
    expect((await outbox()).every((m) => m.status === 'sent')).toBe(true);
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never lets two workers send the same message', async () => {
    const email = 'twice@example.de';
    await submit(email);
    const a = createOutboxSender(t.database.db, createTransport(smtp.url), { from: 'a@euregionet.eu' });
    const b = createOutboxSender(t.database.db, createTransport(smtp.url), { from: 'b@euregionet.eu' });
    const results = await Promise.all([a.sendDue(), b.sendDue(), a.sendDue()]);
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(1);
    expect(receivedBy(email)).toHaveLength(1);
  });

  it('sends a message taken by a worker that died once its lease is over, exactly once', async () => {
    const email = 'orphaned@example.de';
    await submit(email);
    // The first worker takes the message and dies before it is sent: its transport never answers.
    let taken!: () => void;
    const tookIt = new Promise<void>((resolve) => (taken = resolve));
    const dying = createOutboxSender(
      t.database.db,
      {
        sendMail: () => {
          taken();
          return new Promise(() => undefined);
        },
      },
      { from: 'dying@euregionet.eu', leaseMs: 60_000 },
    );
    const start = new Date();
    void dying.sendDue(start);
    await tookIt;

    const other = createOutboxSender(t.database.db, createTransport(smtp.url), { from: 'other@euregionet.eu', leaseMs: 60_000 });
    // While the lease holds, no one else sends it.
    expect(await other.sendDue(new Date(start.getTime() + 59_000))).toEqual({ sent: 0, failed: 0 });
    expect(receivedBy(email)).toHaveLength(0);
    // Once it is over, another worker sends it, and only once.
    expect(await other.sendDue(new Date(start.getTime() + 61_000))).toEqual({ sent: 1, failed: 0 });
    expect(await other.sendDue(new Date(start.getTime() + 3_600_000))).toEqual({ sent: 0, failed: 0 });
    expect(receivedBy(email)).toHaveLength(1);
    const [mail] = (await outbox()).filter((m) => m.recipient === email);
    expect(mail).toMatchObject({ status: 'sent', attempts: 2 });
    expect(receivedBy(email)[0]!.messageId).toBe(`<${mail!.id}@outbox.euregionet>`);
  });

  it('waits longer after each failure, up to a maximum', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(a, 30_000, 100_000))).toEqual([30_000, 60_000, 100_000, 100_000]);
  });
});

describe('the outbox worker of the running app', () => {
  it('sends in the background when SMTP_URL is set, and stops cleanly when the app closes', async () => {
    // This mail server holds each message until the test lets it through: a send in progress.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const sending = new Promise<void>((resolve) => (arrived = resolve));
    const slowSmtp = await startTestSmtp({
      beforeAccept: () => {
        arrived();
        return held;
      },
    });
    const database = await openTestDatabase();
    // The app closes the database it is given; this one stays open to show what the worker left,
    // and tells whether the app closed it while a message was still on its way.
    let released = false;
    let databaseClosedWhileSending: boolean | undefined;
    let databaseClosing!: () => void;
    const databaseClosed = new Promise<void>((resolve) => (databaseClosing = resolve));
    const intervalMs = 100;
    const app = await buildApp({
      config: testConfig({ mail: { smtpUrl: slowSmtp.url, from: 'EuRegioNet <no-reply@euregionet.eu>', intervalMs } }),
      database: {
        ...database.database,
        close: async () => {
          databaseClosedWhileSending = !released;
          databaseClosing();
        },
      },
    });
    await app.ready();
    let appClosed = false;
    try {
      const { createApiKeyService } = await import('../api-keys/api-keys.service.js');
      const { SYSTEM_CONTEXT } = await import('../auth/actor.js');
      const { secret } = await createApiKeyService(database.database.db).create(SYSTEM_CONTEXT, {
        name: 'worker',
        partner: 'CIT',
        scopes: ['requests:create'],
      });
      const email = 'background@example.de';
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/public/consulting-requests',
        headers: { authorization: `Bearer ${secret}` },
        payload: {
          requesterName: 'Lena Vogel',
          requesterEmail: email,
          country: 'DE',
          language: 'en',
          topic: 'strategy',
          message: 'We need a cluster strategy.',
          consent: true,
          consentTextVersion: '2026-01',
        },
      });
      expect(res.statusCode).toBe(201);

      // The worker sends by itself; the app is closed while the message is on its way.
      await sending;
      const closing = app.close().then(() => (appClosed = true));
      // Closing must wait for the send: the database is not closed under it. That something does
      // not happen can only be watched for a while.
      await Promise.race([databaseClosed, new Promise((r) => setTimeout(r, 5 * intervalMs))]);
      released = true;
      release();
      await closing;
      expect(databaseClosedWhileSending).toBe(false);

      const mails = slowSmtp.received.filter((m) => m.to.includes(email));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.raw).toContain(json<ConsultingRequestReceipt>(res).reference);
      // Marked sent, not left taken: no other worker sends it again when the lease runs out.
      const left = () =>
        queryRows<{ recipient: string; status: string; attempts: number; locked_until: string | null }>(
          database.database.db,
          sql`SELECT recipient, status, attempts, locked_until FROM outbox_messages ORDER BY recipient`,
        );
      expect(await left()).toEqual([{ recipient: email, status: 'sent', attempts: 1, locked_until: null }]);

      // Once closed, the worker takes nothing more, though a message is due again.
      await database.database.db.execute(sql`UPDATE outbox_messages SET status = 'pending', next_attempt_at = now() - interval '1 second'`);
      await new Promise((r) => setTimeout(r, 10 * intervalMs));
      expect(slowSmtp.received).toHaveLength(1);
      expect(await left()).toEqual([{ recipient: email, status: 'pending', attempts: 1, locked_until: null }]);
    } finally {
      release();
      if (!appClosed) await app.close();
      await database.drop();
      await slowSmtp.close();
    }
  });
});
