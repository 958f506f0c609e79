import fp from 'fastify-plugin';
import { createTransport } from 'nodemailer';
import type { Config } from '../../config.js';
import { createOutboxSender } from './outbox.sender.js';

/**
 * The background worker that sends the outbox over SMTP. Started only when SMTP_URL is set;
 * without it e-mails stay in the outbox, visible in the admin app. On close it stops taking
 * messages and waits for the round in flight, before the database closes.
 */
export const outboxPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const { smtpUrl, from, intervalMs } = config.mail;
    if (!smtpUrl) {
      app.log.info('SMTP_URL is not set: e-mails are kept in the outbox');
      return;
    }
    const transport = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    const sender = createOutboxSender(app.db, transport, { from, log: app.log });
    let timer: NodeJS.Timeout | undefined;
    let round: Promise<unknown> | undefined;
    let stopped = false;

    const tick = () => {
      round = sender
        .sendDue()
        .catch((err: unknown) => app.log.warn({ err }, 'outbox round failed'))
        .finally(() => {
          round = undefined;
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };

    app.addHook('onReady', async () => {
      timer = setTimeout(tick, 0);
    });
    app.addHook('preClose', async () => {
      stopped = true;
      clearTimeout(timer);
      await round;
      transport.close();
    });
  },
  { name: 'outbox', dependencies: ['database'] },
);
