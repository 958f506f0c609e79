import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { restrictCors } from './portal-cors.js';

/** A submission from a portal is a few kilobytes; anything larger is refused before it is parsed. */
export const INTAKE_BODY_LIMIT = 32 * 1024;

/**
 * The protections every form that portals forward to us shares (consulting requests, event
 * registrations): the body cap, the key's web origins, and a limit per client address on top of
 * the key's own. Spread the answer into the route's options.
 */
export function publicIntake(app: FastifyInstance, { name, perAddressPerHour }: { name: string; perAddressPerHour: number }) {
  const perAddress = app.createRateLimit({
    max: perAddressPerHour,
    timeWindow: 3_600_000,
    keyGenerator: (request) => `${name}:${request.ip}`,
  });
  return {
    bodyLimit: INTAKE_BODY_LIMIT,
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      restrictCors(request, reply);
      return payload;
    },
    preHandler: async (request: FastifyRequest) => {
      const limit = await perAddress(request);
      if (!limit.isAllowed && limit.isExceeded) {
        throw new AppError(429, 'RATE_LIMITED', 'Too many submissions from this address; try again later', {
          headers: { 'retry-after': String(limit.ttlInSeconds) },
        });
      }
    },
  };
}
