/**
 * Whether traces are sent, read from the standard OpenTelemetry variables only, so that a
 * collector's usual configuration works unchanged. Deliberately free of imports: the loader
 * hook (`register.ts`) asks this before anything of OpenTelemetry is loaded.
 */
export function tracesEndpointConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

let shutdown: (() => Promise<void>) | undefined;

/** Set by the loader hook once tracing runs: sends the spans still queued and stops. */
export function setTracingShutdown(fn: () => Promise<void>): void {
  shutdown = fn;
}

export function tracingStarted(): boolean {
  return shutdown !== undefined;
}

/** Sends the spans still queued (the last requests before a shutdown); a no-op without tracing. */
export async function stopTracing(): Promise<void> {
  const fn = shutdown;
  shutdown = undefined;
  await fn?.();
}
