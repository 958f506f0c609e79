import type { PersonalDataProvider } from '../personal-data/personal-data.provider.js';
import { eraseMessagesOf, messagesOf } from './outbox.repo.js';

/**
 * The e-mails to the address, whichever module wrote them: those not yet sent are dropped, the
 * others lose address and text (the record that a message went out stays for the figures).
 * Runs last, after the modules that also reach e-mails about their own records.
 */
export const outboxPersonalData: PersonalDataProvider = {
  module: 'outbox',
  columns: ['outbox_messages.recipient'],
  async export(tx, email) {
    const messages = await messagesOf(tx, { recipient: email });
    return {
      messages: messages.map(({ id, kind, recipient, subject, body, status, createdAt, sentAt }) => ({
        id,
        kind,
        recipient,
        subject,
        body,
        status,
        createdAt,
        sentAt,
      })),
    };
  },
  async erase(tx, email) {
    return { messages: await eraseMessagesOf(tx, { recipient: email }) };
  },
};
