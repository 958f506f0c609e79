import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import type { Config } from '../../config.js';
import type { FileStore } from '../../modules/files/file-store.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { backupDatabase } from './backup.js';

/** Identifies the scheduled backup among the server's advisory locks (see migrate.ts for the other). */
const BACKUP_LOCK = 47_112_024;
const NAME = /^euregionet-\d{8}T\d{6}Z\.jsonl\.gz$/;

/** What /health/ready tells about the scheduled backups. */
export interface BackupStatus {
  latestAt: Date | null;
}

/** `euregionet-20260603T080000Z.jsonl.gz`: sorted by name is sorted by time. */
export const backupFileName = (at: Date) => `euregionet-${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z.jsonl.gz`;

/** The time a scheduled backup was taken, from its name (the app's clock, not the file system's). */
export function backupTimeOf(name: string): Date {
  const [, y, mo, d, h, mi, s] = /^euregionet-(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/.exec(name)!;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** The scheduled backups in the folder, oldest first. */
export async function backupsIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => NAME.test(n)).sort();
}

/**
 * Backups written by the API process itself, every `everyMs` into `dir`, keeping the newest
 * `keep`. On the embedded database this is the way to back up without stopping the API: the
 * backup holds its one connection for the time it takes, and requests wait meanwhile. On a server
 * several API processes may run: the one that gets the advisory lock writes, and a backup that
 * another process wrote recently enough (same folder) counts as this round's.
 */
export function scheduleBackups(app: FastifyInstance, settings: NonNullable<Config['backup']>, store: FileStore): BackupStatus {
  const status: BackupStatus = { latestAt: null };
  const due = async () => {
    const latest = (await backupsIn(settings.dir)).at(-1);
    status.latestAt = latest ? backupTimeOf(latest) : null;
    return !status.latestAt || app.clock.now().getTime() - status.latestAt.getTime() >= settings.everyMs * 0.9;
  };

  const round = async () => {
    if (!(await due())) return;
    const database = app.database;
    const lock = database.kind === 'postgres' ? await database.pool.connect() : undefined;
    try {
      if (lock) {
        const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [BACKUP_LOCK]);
        if (!rows[0]!.ok) return;
        // Another process may have finished one while this one waited for the lock.
        if (!(await due())) return;
      }
      await mkdir(settings.dir, { recursive: true });
      const at = app.clock.now();
      const name = backupFileName(at);
      const file = join(settings.dir, name);
      const { end } = await backupDatabase(database, { file, store, clock: () => at });
      // As the next start reads it from the name: to the second.
      status.latestAt = backupTimeOf(name);
      const old = (await backupsIn(settings.dir)).slice(0, -settings.keep);
      for (const name of old) await rm(join(settings.dir, name), { force: true });
      app.log.info({ file, files: end.files, removed: old.length }, 'scheduled backup written');
      if (end.missingFiles.length) app.log.warn({ keys: end.missingFiles }, 'files deleted while the backup ran are not in it');
    } finally {
      if (lock) {
        await lock.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK]).catch(() => undefined);
        lock.release();
      }
    }
  };

  if (app.hasDecorator('metrics')) {
    new Gauge({
      name: 'euregionet_backup_latest_age_seconds',
      help: 'Seconds since the latest scheduled backup was taken (absent until there is one)',
      registers: [app.metrics.registry],
      collect() {
        if (status.latestAt) this.set(Math.floor((app.clock.now().getTime() - status.latestAt.getTime()) / 1000));
        else this.reset();
      },
    });
  }

  // The first round soon after the start (it writes only when the latest backup is old enough).
  runPeriodically(app, { name: 'backup', intervalMs: settings.everyMs, firstAfterMs: settings.firstAfterMs, round });
  return status;
}
