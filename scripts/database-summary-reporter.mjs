// Ends a jest run with what it did not cover: on which databases the API tests ran, and every test
// that ran nowhere, with the reason when it is a missing PostgreSQL server. A green run that
// skipped the tests needing a server must not read like one that ran them.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const nameOf = (displayName) => (typeof displayName === 'string' ? displayName : displayName?.name) ?? '';

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

const EMBEDDED = 'api-pglite';
const SERVER = 'api-postgres';

export default class DatabaseSummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    // Tests left out by --testNamePattern (-t) were not asked for: they are not missing.
    this.selected = globalConfig.testNamePattern ? new RegExp(globalConfig.testNamePattern, 'i') : null;
  }

  onRunComplete(_contexts, results) {
    const projects = new Set();
    /** Each test by file and full name: the projects that ran it and those that skipped it. */
    const tests = new Map();
    for (const file of results.testResults) {
      const project = nameOf(file.displayName);
      projects.add(project);
      const path = relative(this.rootDir, file.testFilePath);
      for (const test of file.testResults) {
        if (this.selected && !this.selected.test(test.fullName)) continue;
        const name = [...test.ancestorTitles, test.title].join(' › ');
        const key = `${path}\0${name}`;
        const entry = tests.get(key) ?? { path, name, ran: [], skipped: [] };
        (test.status === 'passed' || test.status === 'failed' ? entry.ran : entry.skipped).push(project);
        tests.set(key, entry);
      }
    }

    const lines = [];
    const url = process.env.TEST_DATABASE_URL;
    if (projects.has(EMBEDDED) && projects.has(SERVER)) {
      const from = process.env.TEST_DATABASE_FROM ? `, ${process.env.TEST_DATABASE_FROM}` : '';
      lines.push(
        `Databases: the API tests ran on embedded PostgreSQL (${EMBEDDED}) and on the server at ${redact(url)} (${SERVER}${from}).`,
      );
    } else if (projects.has(SERVER)) {
      lines.push(`Databases: the API tests ran on the server at ${redact(url)} only (${EMBEDDED} was not selected).`);
    } else if (projects.has(EMBEDDED)) {
      const why = url
        ? `${SERVER} was not selected in this run`
        : (process.env.TEST_DATABASE_MISSING ?? 'TEST_DATABASE_URL is not set (pnpm test looks for a server at the default address)');
      lines.push(`NOT RUN: the API tests on a PostgreSQL server (${SERVER}): ${why}.`);
    }

    const onServerOnly = [...tests.values()].filter((t) => t.skipped.includes(EMBEDDED) && t.ran.includes(SERVER));
    if (onServerOnly.length) {
      const files = [...new Set(onServerOnly.map((t) => t.path))].join(', ');
      lines.push(`Skipped on embedded PostgreSQL, run on the server: ${count(onServerOnly)} (${files}).`);
    }
    // Tests of Redis-backed features are skipped when no Redis answered (scripts/test.mjs looks):
    // they get their own line with that reason, not the PostgreSQL hint below.
    const needsRedis = (t) => Boolean(process.env.TEST_REDIS_MISSING) && t.path.includes('.redis.');
    const withoutRedis = [...tests.values()].filter((t) => t.ran.length === 0 && needsRedis(t));
    if (withoutRedis.length) {
      lines.push(`NOT RUN: ${count(withoutRedis)} that need Redis: ${process.env.TEST_REDIS_MISSING}.`);
    }
    const nowhere = [...tests.values()].filter((t) => t.ran.length === 0 && !needsRedis(t));
    if (nowhere.length) {
      const server = nowhere.some((t) => t.skipped.includes(EMBEDDED)) && !projects.has(SERVER);
      lines.push(
        `NOT RUN anywhere: ${count(nowhere)}${server ? '; those skipped on embedded PostgreSQL need a PostgreSQL server (start one, or set TEST_DATABASE_URL)' : ''}:`,
      );
      const byFile = new Map();
      for (const t of nowhere) byFile.set(t.path, [...(byFile.get(t.path) ?? []), t.name]);
      for (const [path, names] of byFile) {
        lines.push(`  ${path}`);
        for (const name of names) lines.push(`    - ${name}`);
      }
    }
    if (!lines.length) return;
    // scripts/test.mjs prints the file after jest has finished: the last lines of the run, below
    // jest's own summary and its list of failures.
    if (process.env.TEST_SUMMARY_FILE) writeFileSync(process.env.TEST_SUMMARY_FILE, `${lines.join('\n')}\n`);
    else process.stderr.write(`\n${lines.join('\n')}\n`);
  }
}

function count(tests) {
  const files = new Set(tests.map((t) => t.path)).size;
  return `${tests.length} ${tests.length === 1 ? 'test' : 'tests'} in ${files} ${files === 1 ? 'file' : 'files'}`;
}
