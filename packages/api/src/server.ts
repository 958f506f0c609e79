import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp, LOG_REDACT } from './app.js';
import { AppError } from './errors.js';
import { loadConfig } from './config.js';
import { LOG_SERIALIZERS } from './logging.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { isDirectoryEmpty, loadDemoData, loadDemoDirectory } from './demo/load.js';
import { SYSTEM_CONTEXT } from './modules/auth/actor.js';
import { ensureDefaultFramework } from './modules/evaluations/frameworks.service.js';
import { createUserService, initialAdminPasswordProblem } from './modules/users/users.service.js';
import { stopTracing, tracesEndpointConfigured, tracingStarted } from './telemetry/settings.js';

// The process: configuration, logger, database, listen, and a clean shutdown. The app itself
// is built in app.ts.
const config = loadConfig();
const logger = pino({ level: config.logLevel, redact: LOG_REDACT, serializers: LOG_SERIALIZERS });
const adminPasswordProblem = initialAdminPasswordProblem(config.admin);
if (adminPasswordProblem) {
  logger.fatal(adminPasswordProblem);
  process.exit(1);
}

if (tracesEndpointConfigured() && !tracingStarted()) {
  // The instrumentation must be loaded before the app's modules: only `--import` can do that.
  logger.warn(
    'an OTLP endpoint is set but tracing is off: start with node --import ./dist/telemetry/register.js dist/server.js (pnpm start does)',
  );
}

const database = await openDatabase(config.database, { statementTimeoutMs: config.statementTimeoutMs, logger }).catch((err: Error) => {
  // A data folder in use or unreadable: one line that says so, not a stack trace.
  logger.fatal(err.message);
  process.exit(1);
});
logger.info({ database: config.database.kind }, 'database opened');
await migrate(database);
const framework = await ensureDefaultFramework(database.db, SYSTEM_CONTEXT);
if (framework) logger.info({ code: framework.code }, 'default evaluation framework published');

const admin = await createUserService(database.db, config.session).ensureInitialAdmin(SYSTEM_CONTEXT, config.admin);
if (admin?.generatedPassword) {
  // Printed once: the password is stored only as its hash. Set ADMIN_PASSWORD to choose one.
  logger.warn(
    `First administrator created: ${admin.email} with the generated password ${admin.generatedPassword} — change it after signing in`,
  );
} else if (admin) {
  logger.info({ email: admin.email }, 'first administrator created from ADMIN_EMAIL/ADMIN_PASSWORD');
}

// After the first administrator: the demo gives them requests that are due and overdue.
if (config.demoData && (await isDirectoryEmpty(database.db))) {
  const counts = config.demoData === 'all' ? await loadDemoData(database.db, { config }) : await loadDemoDirectory(database.db);
  logger.info(counts, 'demo data loaded into the empty database');
}

const app = await buildApp({ config, database, logger });

// Behind a load balancer a process that stops listening at once fails the requests the balancer
// is still sending it. So on SIGTERM it first says it is not ready and keeps serving for
// SHUTDOWN_DRAIN_MS, while the balancer's health checks move the traffic to the other processes.
let draining = false;
app.addHook('onRequest', async (request) => {
  if (draining && request.url === '/health/ready') {
    throw new AppError(503, 'SERVICE_UNAVAILABLE', 'This process is shutting down', { headers: { 'retry-after': '2' } });
  }
});

// SIGTERM: not ready, drain, then stop accepting, let in-flight requests finish, close the
// database, exit 0.
closeWithGrace({ delay: config.shutdownDrainMs + 10_000, logger }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'shutting down after an error');
  else logger.info({ signal, drainMs: config.shutdownDrainMs }, 'shutting down');
  if (!err && config.shutdownDrainMs > 0) {
    draining = true;
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
  }
  await app.close();
  // Last, so that the spans of the requests that finished during the close are sent too.
  await stopTracing();
});

await app.listen({ host: config.host, port: config.port });
