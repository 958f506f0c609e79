import type { DialogueEvent } from '@euregionet/shared';
import { ok, type Principal } from './app.js';

/**
 * A dialogue event as its organiser prepares it in the admin app: written through the API and,
 * unless `publish` is false, published, so that portals list it and people can register.
 */
export async function organisedEvent(organiser: Principal, body: Record<string, unknown>, publish = true): Promise<DialogueEvent> {
  const event = await ok<DialogueEvent>(await organiser.inject({ method: 'POST', url: '/api/v1/events', payload: body }), 201);
  if (!publish) return event;
  return ok<DialogueEvent>(
    await organiser.inject({ method: 'POST', url: `/api/v1/events/${event.id}/transitions`, payload: { status: 'published' } }),
  );
}
