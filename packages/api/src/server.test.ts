import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const dir = mkdtempSync(join(tmpdir(), 'eurn-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the real process as `pnpm dev` does, and collects what it prints until it ends. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const api = join(import.meta.dirname, '..');
  return new Promise((resolve, reject) => {
    const child = spawn(join(api, 'node_modules/.bin/tsx'), ['--conditions=euregionet-source', 'src/server.ts'], {
      cwd: api,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start', () => {
  it('with an ADMIN_PASSWORD the policy refuses ends with one line that names the rule, before opening the database', async () => {
    const dataDir = join(dir, 'data');
    const { code, output } = await start({ ADMIN_PASSWORD: 'kurz', DATA_DIR: dataDir });
    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect((JSON.parse(lines[0]!) as { msg: string }).msg).toBe(
      'ADMIN_PASSWORD is refused (rule too_short): it must have at least 12 characters. Choose another, or leave it unset to get a generated one.',
    );
    expect(output).not.toMatch(/\n\s+at /);
    expect(existsSync(dataDir)).toBe(false);
  }, 90_000);
});

describe('the embedded database', () => {
  it('a second process started on the same DATA_DIR stops at once and names the process that holds it', async () => {
    const dataDir = join(dir, 'shared-data');
    const env = { DATA_DIR: dataDir, DEMO_DATA: 'false', HOST: '127.0.0.1', ADMIN_PASSWORD: 'a long enough password 42' };
    // Both at the same moment: exactly one takes the folder.
    const first = startServer(env);
    const second = startServer(env);
    const [winner, loser] = await Promise.race([
      first.listening.then(() => [first, second] as const),
      second.listening.then(() => [second, first] as const),
    ]);
    const lost = await loser.ended;
    expect(lost.code).toBe(1);
    const lines = lost.output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect((JSON.parse(lines[0]!) as { msg: string }).msg).toBe(
      `DATA_DIR ${dataDir} is in use by process ${winner.pid}: only one process can open the embedded database (stop it first, or set DATABASE_URL)`,
    );
    winner.child.kill('SIGTERM');
    expect((await winner.ended).code).toBe(0);
    // The folder is free again: the lock went with its owner.
    expect(existsSync(join(dataDir, 'euregionet.pid'))).toBe(false);
  }, 170_000);
});

/** The real process as `pnpm dev` starts it, kept running: resolves `listening` once it serves. */
function startServer(env: Record<string, string>) {
  const api = join(import.meta.dirname, '..');
  // node itself (not the tsx wrapper), so that the pid in the lock is the one we hold.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=euregionet-source', 'src/server.ts'], {
    cwd: api,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', ...env },
  });
  let output = '';
  let heard: () => void = () => undefined;
  const listening = new Promise<void>((resolve) => (heard = resolve));
  const collect = (d: Buffer) => {
    output += d.toString();
    if (output.includes('Server listening at')) heard();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const ended = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
  return { child, pid: child.pid!, listening, ended };
}
