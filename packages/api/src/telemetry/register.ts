/**
 * The first module of the process when traces are wanted: `node --import ./dist/telemetry/register.js
 * dist/server.js` (what `pnpm start` and the Docker image run). It has to run before the app's
 * own imports, because the database driver is instrumented as it is loaded; for ES modules that
 * takes a loader hook (import-in-the-middle), which only `--import` can install in time.
 *
 * Without an OTLP endpoint in the environment it returns at once: nothing of OpenTelemetry is
 * loaded and no hook is installed, so tracing costs nothing when it is off.
 */
import { register } from 'node:module';
import { setTracingShutdown, tracesEndpointConfigured } from './settings.js';

if (tracesEndpointConfigured()) {
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  // The hook wraps only the modules that an instrumentation asks for (pg, pg-pool), not every
  // module of the app: the message channel tells the loader thread which ones.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const { startTracing } = await import('./tracing.js');
  setTracingShutdown(startTracing());
  await waitForAllMessagesAcknowledged();
}
