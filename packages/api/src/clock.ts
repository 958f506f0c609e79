import { localDay, type IsoDate } from '@euregionet/shared';

/**
 * Where the app reads the time. Due dates, expiries and deadlines depend on the day; tests fix
 * it so that they mean the same on any day and across midnight.
 */
export interface Clock {
  now(): Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    clock: Clock;
  }
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock set to one instant that moves a millisecond with each reading: the day stays the
 * same, and what happens one after the other still gets times in that order.
 */
export function fixedClock(at: string | Date): Clock {
  let ms = new Date(at).getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(at)}`);
  return { now: () => new Date(ms++) };
}

/** Today in the programme area, on this clock. */
export const todayOn = (clock: Clock) => (): IsoDate => localDay(clock.now());
