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
