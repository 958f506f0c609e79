import type { FastifyInstance } from 'fastify';

/**
 * Runs a background round every `intervalMs` once the app is ready, one round at a time (the
 * next is planned when one ends, so a slow round never overlaps the next). A failed round is
 * logged and the next one tries again. On close no new round starts, and the one in flight is
 * awaited before `stopped` runs and the database closes. `wake()` starts the next round now
 * (when none is running) instead of at its planned time: work that just arrived need not wait.
 */
export function runPeriodically(
  app: FastifyInstance,
  job: { name: string; intervalMs: number; firstAfterMs?: number; round: () => Promise<unknown>; stopped?: () => void },
): { wake(): void } {
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> | undefined;
  let stopped = false;
  let ready = false;

  const tick = () => {
    round = job
      .round()
      .catch((err: unknown) => app.log.warn({ err }, `${job.name} round failed`))
      .finally(() => {
        round = undefined;
        if (!stopped) timer = setTimeout(tick, job.intervalMs);
      });
  };

  app.addHook('onReady', async () => {
    ready = true;
    timer = setTimeout(tick, job.firstAfterMs ?? 0);
  });
  app.addHook('preClose', async () => {
    stopped = true;
    clearTimeout(timer);
    await round;
    job.stopped?.();
  });
  return {
    wake() {
      if (!ready || stopped || round) return;
      clearTimeout(timer);
      tick();
    },
  };
}
