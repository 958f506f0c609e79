import type autocannon from 'autocannon';

/** Percentiles of every response's latency, as the load generators report them. */
export function latencySummary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? NaN };
}

/**
 * The one JSON line a load generator prints at its end: throughput, latency percentiles from
 * every response, failures, and what the generator measures besides (`extra`).
 */
export function printLoadResult(result: autocannon.Result, latencies: number[], extra: Record<string, unknown> = {}) {
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      rps: result.requests.total / result.duration,
      ...latencySummary(latencies),
      ...extra,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
    })}\n`,
  );
}
