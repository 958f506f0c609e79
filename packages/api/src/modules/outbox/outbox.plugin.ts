import fp from 'fastify-plugin';
import { createTransport } from 'nodemailer';
import type { Config } from '../../config.js';
import { registerBacklog } from '../../plugins/metrics.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { outboxBacklog } from './outbox.repo.js';
import { createOutboxSender } from './outbox.sender.js';

/**
 * The background worker that sends the outbox over SMTP. Started only when SMTP_URL is set;
 * without it e-mails stay in the outbox, visible in the admin app. On close it stops taking
 * messages and waits for the round in flight, before the database closes.
 */
export const outboxPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const { smtpUrl, from, intervalMs } = config.mail;
    // Also without SMTP: messages that pile up are what an operator should see.
    registerBacklog(app, 'outbox', 'E-mails not sent yet', () => outboxBacklog(app.db));
    if (!smtpUrl) {
      app.log.info('SMTP_URL is not set: e-mails are kept in the outbox');
      return;
    }
    const transport = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    const sender = createOutboxSender(app.db, transport, { from, log: app.log });
    runPeriodically(app, { name: 'outbox', intervalMs, round: () => sender.sendDue(), stopped: () => transport.close() });
  },
  { name: 'outbox', dependencies: ['database', 'metrics'] },
);
