import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import spectralCore from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import owaspRuleset from '@stoplight/spectral-owasp-ruleset';
import { createTestApp, type TestApp } from '../test/app.js';

/*
 * The OpenAPI document against the recommended rules of Spectral (`spectral:oas`) and the OWASP
 * API security rule set: no errors. Bounds (OWASP API4: strings, lists, integers) are checked here
 * by a walk of our own, which names each schema without them by its place in the document, so
 * that whoever adds a schema sees at once which value to bound (in `packages/shared`).
 */

/** Values the document still leaves unbounded (OWASP API4), one place a line: the list only shrinks. */
const UNBOUNDED = new URL('./openapi-unbounded.txt', import.meta.url);

let t: TestApp;
let doc: Record<string, unknown>;
beforeAll(async () => {
  // As served in production: on HTTPS.
  t = await createTestApp({ publicBaseUrl: 'https://euregionet.example.eu' });
  doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/openapi.json' })).body) as Record<string, unknown>;
});
afterAll(() => t.close());

type Schema = Record<string, unknown>;

/** Where a schema lacks a bound, as `where: what`; the walk follows no `$ref` (each component is walked once). */
function unbounded(node: unknown, where: string, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((n, i) => unbounded(n, `${where}/${i}`, out));
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  const schema = node as Schema;
  const types = [schema.type].flat();
  if (types.includes('string') && schema.maxLength === undefined && schema.enum === undefined && schema.const === undefined)
    out.push(`${where}: a string without maxLength`);
  if (types.includes('array') && schema.maxItems === undefined) out.push(`${where}: a list without maxItems`);
  if (types.includes('integer')) {
    if (schema.format === undefined) out.push(`${where}: an integer without format`);
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) out.push(`${where}: an integer without minimum`);
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) out.push(`${where}: an integer without maximum`);
  }
  for (const [key, value] of Object.entries(schema)) {
    // Examples and headers' own descriptions are no schemas.
    if (key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key === 'const') continue;
    unbounded(value, `${where}/${key}`, out);
  }
  return out;
}

/**
 * Findings that are the design, each with its reason (README lists them too). `path` is the
 * finding's place in the document, its segments joined by `/` (a path key starts with `/`).
 */
const ACCEPTED: { rule: string; path: RegExp; why: string }[] = [
  {
    rule: 'owasp:api4:2023-rate-limit',
    path: /^paths\/\/(health|feeds|\.well-known)\//,
    why: 'Not rate limited: orchestrators probe health, feed readers and calendars poll feeds, verifiers fetch the brand key, all without a key',
  },
  {
    rule: 'owasp:api2:2023-write-restricted',
    path: /^paths\/\/api\/v1\/auth\/login\//,
    why: 'Signing in is how a session starts (failures are limited per account and address)',
  },
  {
    rule: 'owasp:api2:2023-write-restricted',
    path: /^paths\/\/api\/v1\/public\/event-registrations\/cancel\//,
    why: 'The cancellation link of the confirmation e-mail: its one-time token is the credential, as in a password-reset link',
  },
  {
    rule: 'owasp:api2:2023-no-credentials-in-url',
    path: /^paths\/\/api\/v1\/public\/event-registrations\/cancel\//,
    why: 'The same link: people open it from their e-mail, so the token must be in the URL; it works for one registration only',
  },
  {
    rule: 'owasp:api2:2023-write-restricted',
    path: /^paths\/\/api\/v1\/public\/event-invitations\/register\//,
    why: 'The personal registration link of an invitation e-mail: its token is the credential, and it registers only the invited person',
  },
  {
    rule: 'owasp:api2:2023-no-credentials-in-url',
    path: /^paths\/\/api\/v1\/public\/event-invitations\/register\//,
    why: 'The same link: people open it from their e-mail, so the token must be in the URL; it works for one invitation only',
  },
  {
    rule: 'owasp:api2:2023-write-restricted',
    path: /^paths\/\/api\/v1\/public\/event-registrations\/(meetings|meeting-profile)/,
    why: 'A registrant’s own meetings: the token of their registration e-mail, a declared header (X-Registration-Token), is the credential',
  },
];

const BOUNDS_RULES = new Set([
  'owasp:api4:2023-string-limit',
  'owasp:api4:2023-array-limit',
  'owasp:api4:2023-integer-limit',
  'owasp:api4:2023-integer-limit-legacy',
  'owasp:api4:2023-integer-format',
]);

describe('the OpenAPI document, linted', () => {
  // Spectral takes a minute or more on a busy machine: the whole document, every rule.
  it('passes spectral:oas and the OWASP API security rule set without errors', async () => {
    const spectral = new spectralCore.Spectral();
    spectral.setRuleset({
      extends: [
        [oas as never, 'recommended'],
        [(owaspRuleset as { default?: unknown }).default ?? owaspRuleset, 'recommended'],
      ],
    } as never);
    const results = await spectral.run(JSON.stringify(doc));
    const errors = results
      .filter((r) => r.severity === 0 && !BOUNDS_RULES.has(String(r.code)))
      .filter((r) => !ACCEPTED.some((a) => a.rule === r.code && a.path.test(r.path.join('/'))))
      .map((r) => `${String(r.code)} at ${r.path.join('/')}: ${r.message}`);
    const warnings = new Map<string, number>();
    for (const r of results.filter((r) => r.severity === 1)) warnings.set(String(r.code), (warnings.get(String(r.code)) ?? 0) + 1);
    if (process.env.OPENAPI_LINT_WARNINGS) console.log('warnings', Object.fromEntries(warnings));
    expect(errors).toEqual([]);
  }, 600_000);

  it('bounds every string, list and integer (but those of the list below, to be bounded)', () => {
    const faults = unbounded(doc.paths, '#/paths').concat(unbounded((doc.components as Schema).schemas, '#/components/schemas'));
    if (process.env.UPDATE_UNBOUNDED) {
      const text = readFileSync(UNBOUNDED, 'utf8').split('\n');
      const kept = text.filter((line) => line.startsWith('# ') || (line && faults.includes(line)));
      writeFileSync(UNBOUNDED, `${kept.join('\n')}\n`);
    }
    const listed = readFileSync(UNBOUNDED, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('# '));
    // A new schema without bounds is named here: bound it in packages/shared (common.ts has
    // boundedText, int32, boundedArray). One bounded since: take it off the list
    // (`UPDATE_UNBOUNDED=1` takes off every line bounded since; it never adds one).
    expect({ unbounded: faults.filter((f) => !listed.includes(f)), boundedSinceListed: listed.filter((l) => !faults.includes(l)) }).toEqual(
      {
        unbounded: [],
        boundedSinceListed: [],
      },
    );
  });
});
