import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/** Names that Fastify's proxy-addr knows for the private ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

/**
 * Which `X-Forwarded-For` entries are believed: the number of proxies in front of the API, or
 * their addresses. `true` would believe the leftmost entry, which the client writes itself, so
 * every per-address limit could be dodged: it is refused rather than guessed at.
 */
const TrustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((v, ctx): false | number | string[] => {
    if (v === '' || v === 'false' || v === '0') return false;
    if (v === 'true') {
      ctx.addIssue({
        code: 'custom',
        message:
          'true would trust any X-Forwarded-For a client sends; give the number of proxies in front of the API (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const invalid = entries.filter((e) => !isProxyAddress(e));
    if (invalid.length) {
      ctx.addIssue({
        code: 'custom',
        message: `not a number of proxies nor a list of addresses or CIDR ranges: ${invalid.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /**
     * On SIGTERM, how long the process keeps serving while /health/ready answers 503, before it
     * stops taking connections: the time a load balancer needs to see it and send traffic elsewhere.
     */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(0),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** A PostgreSQL server; without it the API runs on embedded PostgreSQL in DATA_DIR. */
    DATABASE_URL: optionalText.pipe(z.url().optional()),
    DATA_DIR: z.string().default('./data'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    /**
     * A read replica of DATABASE_URL's server: the portals' directory reads (`/api/v1/public`
     * clusters and taxonomies) go there; everything else stays on DATABASE_URL.
     */
    DATABASE_READ_URL: optionalText.pipe(z.url().optional()),
    STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
    /** Into an empty database: the whole demo (`true`), only its directory (`directory`), or nothing. */
    DEMO_DATA: z
      .enum(['true', 'false', 'directory'])
      .default('true')
      .transform((v) => (v === 'true' ? ('all' as const) : v === 'directory' ? ('directory' as const) : false)),
    ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
    ADMIN_PASSWORD: optionalText,
    /** The built admin app; served at / when the folder exists. */
    ADMIN_DIST: z.string().default(fileURLToPath(new URL('../../admin/dist', import.meta.url))),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    /** Imports: the largest file (CSV or JSON, both streamed), and the size above which an import becomes a job. */
    IMPORT_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1_048_576),
    IMPORT_JOB_THRESHOLD_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .default(4 * 1_048_576),
    /** How often each API process looks for an import job to claim; 0: this process runs none. */
    IMPORT_JOB_INTERVAL_MS: z.coerce.number().int().min(0).default(2000),
    /** How long a claimed job is held without a renewal: after it, another process takes the job over. */
    IMPORT_JOB_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
    TRUST_PROXY: TrustProxySchema,
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Browser origins (besides the app itself) allowed to call the API with credentials. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim().toLowerCase())
          .filter(Boolean),
      ),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
    LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
    /** Requests per minute of a signed-in user or an anonymous address (keys have their own). */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    /**
     * Seconds a verified API key is believed without asking the database (0: every request asks).
     * A revocation applies at once in the process that made it, in the others within this time.
     */
    API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    /** Redis (`redis://host:6379`): rate limits counted there, so that they hold across API processes. */
    REDIS_URL: optionalText.pipe(
      z
        .string()
        .regex(/^rediss?:\/\/\S+$/, 'a redis:// or rediss:// URL')
        .optional(),
    ),
    /** The bearer token that `GET /metrics` asks for; without one the endpoint does not exist. */
    METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'at least 16 characters').optional()),
    /**
     * The Ed25519 private key that signs brand certificates (PKCS#8 PEM; `\n` may stand for line
     * breaks). Without it a key pair is made and kept in the database, where whoever holds a dump
     * could sign certificates: set it in production.
     */
    BRAND_SIGNING_KEY: optionalText.pipe(
      z
        .string()
        .transform((v) => v.replace(/\\n/g, '\n'))
        .refine(isEd25519PrivateKey, 'an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)')
        .optional(),
    ),
    /** The mail server (`smtp://user:pass@host:587`, `smtps://…`); without it e-mails stay in the outbox. */
    SMTP_URL: optionalText.pipe(z.url().optional()),
    SMTP_FROM: z.string().default('EuRegioNet <no-reply@euregionet.eu>'),
    OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
    /** Working days until the first answer to a consulting request is due. */
    CONSULTING_FIRST_RESPONSE_DAYS: z.coerce.number().int().min(1).max(60).default(2),
    /** The same submission again within this time is the same request (a double click, a retry). */
    CONSULTING_DUPLICATE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(10),
    /** Submissions of consulting requests per client address and hour, besides the key's own limit. */
    CONSULTING_INTAKE_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(20),
    /** The address people open the API at; links in e-mails (the requester's status page) start with it. */
    PUBLIC_BASE_URL: z
      .url()
      .default('http://localhost:3000')
      .transform((u) => u.replace(/\/+$/, '')),
    /** Days a requester's status link keeps working after the request was closed or rejected. */
    CONSULTING_STATUS_LINK_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
    /** Answers a requester may send from one status link per hour. */
    CONSULTING_STATUS_REPLIES_PER_HOUR: z.coerce.number().int().min(1).default(10),
    /** Days past the first-response day after which the partner's coordinators are reminded too. */
    CONSULTING_ESCALATION_DAYS: z.coerce.number().int().min(1).max(60).default(2),
    /** Days a request may wait for the requester before it is closed with a notice to them. */
    CONSULTING_WAITING_CLOSE_DAYS: z.coerce.number().int().min(1).max(365).default(28),
    /** How often the deadline worker looks for overdue and long-waiting requests; 0 turns it off. */
    CONSULTING_DEADLINE_INTERVAL_MS: z.coerce.number().int().min(0).default(600_000),
    /** How often the digest job looks for persons whose period's digest is due; 0 turns it off. */
    DIGEST_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
    /** The largest file one upload may carry. */
    FILE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(20 * 1_048_576),
    /** An S3-compatible object store for files; without S3_BUCKET files go to DATA_DIR/files. */
    S3_ENDPOINT: optionalText.pipe(z.url().optional()),
    S3_REGION: z.string().default('eu-central-1'),
    S3_BUCKET: optionalText,
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true'),
    /** Event registrations per client address and hour, besides the key's own limit. */
    EVENT_REGISTRATIONS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(20),
    /** How many days before an event its registrants get the reminder. */
    EVENT_REMINDER_DAYS: z.coerce.number().int().min(1).max(30).default(3),
    EVENT_REMINDER_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
    /** How often the brand round runs (renewal reminders); 0: never (tests run it by hand). */
    BRAND_ROUND_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
    /** Scheduled backups by the API process into this folder (see README, Operations); without it, none. */
    BACKUP_DIR: optionalText,
    /** How often: minutes, hours or days (`30m`, `6h`, `1d`). */
    BACKUP_EVERY: z
      .string()
      .trim()
      .regex(/^\d+[mhd]$/, 'a number of minutes, hours or days: 30m, 6h, 1d')
      .default('1d')
      .transform((v) => Number(v.slice(0, -1)) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[v.slice(-1) as 'm' | 'h' | 'd'])
      .pipe(z.number().min(60_000, 'at least 1m')),
    /** How many scheduled backups are kept (the newest). */
    BACKUP_KEEP: z.coerce.number().int().min(1).default(7),
    /** Days the change log (and so the tombstones of `/public/changes`) is kept; portals are promised 90. */
    PUBLIC_CHANGES_RETENTION_DAYS: z.coerce.number().int().min(90).max(3650).default(120),
    /** How often the webhook worker dispatches changes and sends due deliveries; 0: never (tests run it by hand). */
    WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
    /** The wait after a failed delivery; it doubles with each further failure. */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1000).default(30_000),
    /** Attempts before a delivery is given up (about a day and a half with the default base). */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(13),
    /**
     * Development and tests only: lets webhooks reach private and loopback addresses over http (a
     * local receiver). Refused with NODE_ENV=production.
     */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
    /**
     * The tile server of the admin's map, as a Leaflet URL template
     * (`https://tile.openstreetmap.org/{z}/{x}/{y}.png`); without it the map shows its markers on a
     * plain background. Its attribution is shown on the map, as tile licences require.
     */
    MAP_TILE_URL: optionalText.pipe(
      z
        .string()
        .max(500)
        .regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL template with {z}, {x} and {y}')
        .refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), 'an http(s) URL template with {z}, {x} and {y}')
        .optional(),
    ),
    MAP_TILE_ATTRIBUTION: z.string().max(300).default('© OpenStreetMap contributors'),
  })
  .refine((e) => !(e.DATABASE_READ_URL && !e.DATABASE_URL), {
    path: ['DATABASE_READ_URL'],
    message: 'a read replica needs a primary server: set DATABASE_URL too (the embedded database has no replicas)',
  })
  .refine((e) => !(e.NODE_ENV === 'production' && e.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true'), {
    path: ['WEBHOOK_ALLOW_PRIVATE_TARGETS'],
    message: 'private webhook targets are for development and tests, never with NODE_ENV=production',
  });

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** `SHUTDOWN_DRAIN_MS`: not ready, still serving, before the close on SIGTERM. */
  shutdownDrainMs: number;
  logLevel: string;
  /** `readUrl`: a replica for the portals' directory reads (`DATABASE_READ_URL`). */
  database: { kind: 'postgres'; url: string; poolSize: number; readUrl?: string } | { kind: 'pglite'; dataDir: string };
  statementTimeoutMs: number;
  /** `all`: the directory and the product at work on it; `directory`: clusters, organisations, calls, past events. */
  demoData: 'all' | 'directory' | false;
  admin: { email: string | undefined; password: string | undefined };
  adminDist: string;
  bodyLimit: number;
  imports: { bodyLimit: number; jobThreshold: number; jobIntervalMs: number; jobLeaseMs: number };
  /** false, the number of proxies in front of the API, or their addresses and CIDR ranges. */
  trustProxy: false | number | string[];
  session: { idleMinutes: number; absoluteHours: number };
  corsOrigins: string[];
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMinutes: number };
  rateLimitPerMinute: number;
  /** How long a verified API key is believed without a database read (`API_KEY_CACHE_SECONDS`). */
  apiKeyCacheMs: number;
  /** Where rate limits are counted: Redis (shared by every process) or, without it, this process. */
  redisUrl: string | undefined;
  metricsToken: string | undefined;
  mail: { smtpUrl: string | undefined; from: string; intervalMs: number };
  publicBaseUrl: string;
  digests: { intervalMs: number };
  consulting: {
    firstResponseDays: number;
    duplicateWindowMinutes: number;
    intakePerAddressPerHour: number;
    statusLinkGraceDays: number;
    statusRepliesPerHour: number;
    escalationDays: number;
    waitingCloseDays: number;
    deadlineIntervalMs: number;
  };
  files: {
    maxBytes: number;
    /** Where files are kept: a folder, or an S3-compatible bucket that several API processes share. */
    storage:
      | { kind: 'folder'; dir: string }
      | {
          kind: 's3';
          endpoint: string | undefined;
          region: string;
          bucket: string;
          accessKeyId: string | undefined;
          secretAccessKey: string | undefined;
          forcePathStyle: boolean;
        };
  };
  events: { registrationsPerAddressPerHour: number };
  /** Reminders to registrants `days` before an event; `intervalMs`: how often due ones are looked for (0: never, as in tests). */
  eventReminders: { days: number; intervalMs: number };
  /** `signingKey`: from the environment; without it the database keeps one. */
  brand: { roundIntervalMs: number; signingKey: string | undefined };
  /** `calendarIntervalMs`: how often the changes that come with the day are looked for (0: never, as in tests). */
  sync: { retentionDays: number; purgeIntervalMs: number; calendarIntervalMs: number };
  webhooks: { intervalMs: number; retryBaseMs: number; maxAttempts: number; allowPrivateTargets: boolean };
  map: { tileUrl: string | null; attribution: string };
  /** Scheduled backups (BACKUP_DIR); `firstAfterMs`: the first round after the start. */
  backup?: { dir: string; everyMs: number; keep: number; firstAfterMs: number };
};

/** Reads the configuration from the environment once; an invalid value stops the start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolSize: e.DATABASE_POOL_SIZE,
          ...(e.DATABASE_READ_URL ? { readUrl: e.DATABASE_READ_URL } : {}),
        }
      : { kind: 'pglite', dataDir: e.DATA_DIR },
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    demoData: e.DEMO_DATA,
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    adminDist: e.ADMIN_DIST,
    bodyLimit: e.BODY_LIMIT_BYTES,
    imports: {
      bodyLimit: e.IMPORT_BODY_LIMIT_BYTES,
      jobThreshold: e.IMPORT_JOB_THRESHOLD_BYTES,
      jobIntervalMs: e.IMPORT_JOB_INTERVAL_MS,
      jobLeaseMs: e.IMPORT_JOB_LEASE_MS,
    },
    trustProxy: e.TRUST_PROXY,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    corsOrigins: e.CORS_ORIGINS,
    login: {
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMinutes: e.LOGIN_FAILURE_WINDOW_MINUTES,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    apiKeyCacheMs: e.API_KEY_CACHE_SECONDS * 1000,
    redisUrl: e.REDIS_URL,
    metricsToken: e.METRICS_TOKEN,
    mail: { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM, intervalMs: e.OUTBOX_INTERVAL_MS },
    consulting: {
      firstResponseDays: e.CONSULTING_FIRST_RESPONSE_DAYS,
      duplicateWindowMinutes: e.CONSULTING_DUPLICATE_WINDOW_MINUTES,
      intakePerAddressPerHour: e.CONSULTING_INTAKE_PER_ADDRESS_PER_HOUR,
      statusLinkGraceDays: e.CONSULTING_STATUS_LINK_GRACE_DAYS,
      statusRepliesPerHour: e.CONSULTING_STATUS_REPLIES_PER_HOUR,
      escalationDays: e.CONSULTING_ESCALATION_DAYS,
      waitingCloseDays: e.CONSULTING_WAITING_CLOSE_DAYS,
      deadlineIntervalMs: e.CONSULTING_DEADLINE_INTERVAL_MS,
    },
    publicBaseUrl: e.PUBLIC_BASE_URL,
    digests: { intervalMs: e.DIGEST_INTERVAL_MS },
    files: {
      maxBytes: e.FILE_MAX_BYTES,
      storage: e.S3_BUCKET
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
          }
        : { kind: 'folder', dir: `${e.DATA_DIR}/files` },
    },
    events: { registrationsPerAddressPerHour: e.EVENT_REGISTRATIONS_PER_ADDRESS_PER_HOUR },
    eventReminders: {
      days: e.EVENT_REMINDER_DAYS,
      // Hourly; not in tests, whose rounds run when the test says.
      intervalMs: e.EVENT_REMINDER_INTERVAL_MS ?? (e.NODE_ENV === 'test' ? 0 : 3_600_000),
    },
    // Hourly; not in tests, whose rounds run when the test says.
    brand: {
      roundIntervalMs: e.BRAND_ROUND_INTERVAL_MS ?? (e.NODE_ENV === 'test' ? 0 : 3_600_000),
      signingKey: e.BRAND_SIGNING_KEY,
    },
    // Purged daily; the day's changes looked for every 5 minutes, so they are logged soon after
    // midnight. Not in tests, whose rounds run when the test says.
    sync: {
      retentionDays: e.PUBLIC_CHANGES_RETENTION_DAYS,
      purgeIntervalMs: e.NODE_ENV === 'test' ? 0 : 86_400_000,
      calendarIntervalMs: e.NODE_ENV === 'test' ? 0 : 300_000,
    },
    webhooks: {
      intervalMs: e.WEBHOOK_INTERVAL_MS ?? (e.NODE_ENV === 'test' ? 0 : 10_000),
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    },
    map: { tileUrl: e.MAP_TILE_URL ?? null, attribution: e.MAP_TILE_ATTRIBUTION },
    // A minute after the start, so that a restart loop does not write a backup each time.
    backup: e.BACKUP_DIR ? { dir: e.BACKUP_DIR, everyMs: e.BACKUP_EVERY, keep: e.BACKUP_KEEP, firstAfterMs: 60_000 } : undefined,
  };
}
