import { expect } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';

/**
 * The read model's property, for any kind of public document: after any sequence of writes (and
 * days passing), with reads in between that build documents which later writes must make stale,
 * every public answer equals the answer computed from the tables (`compareAll`). `reset` empties
 * what the previous run wrote; `examples` are sequences that random runs reach rarely.
 * `PROPERTY_RUNS` sets the number of random runs (8 by default).
 */
export async function assertReadModel<W>(property: {
  writes: fc.Arbitrary<W>;
  reset: () => Promise<void>;
  apply: (write: W) => Promise<void>;
  compareAll: () => Promise<void>;
  maxLength?: number;
  examples?: [steps: [W, boolean][]][];
}): Promise<void> {
  const { writes, reset, apply, compareAll, maxLength = 12, examples = [] } = property;
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(writes, fc.boolean()), { minLength: 1, maxLength }), async (steps) => {
      await reset();
      for (const [write, readNow] of steps) {
        await apply(write);
        if (readNow) await compareAll();
      }
      await compareAll();
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 8), endOnFailure: true, examples },
  );
}

/** An answer as the API serializes it: the expected bytes of a comparison with the tables. */
export const encode = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value));

/**
 * A check that one ETag never names two bodies of one URL (a portal would get 304 for a change):
 * remembers every ETag a URL answered with, with its body, for the test file's whole run.
 */
export function oneBodyPerEtag() {
  const bodiesByEtag = new Map<string, string>();
  return (url: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
    if (res.statusCode !== 200) return;
    const key = `${url} ${String(res.headers.etag)}`;
    const earlier = bodiesByEtag.get(key);
    if (earlier === undefined) bodiesByEtag.set(key, res.body);
    else expect({ url, body: res.body }).toEqual({ url, body: earlier });
  };
}
