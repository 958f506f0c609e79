import fc from 'fast-check';

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
