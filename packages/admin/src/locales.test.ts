import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from '@euregionet/shared';

const src = dirname(fileURLToPath(import.meta.url));
const folders = [
  join(src, 'locales'),
  join(src, 'shell', 'locales'),
  ...readdirSync(join(src, 'features')).map((f) => join(src, 'features', f, 'locales')),
].filter((d) => {
  try {
    return readdirSync(d).length > 0;
  } catch {
    return false;
  }
});

type Messages = { [key: string]: string | Messages };
const read = (dir: string, lang: string): Messages => JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')) as Messages;
const flatten = (m: Messages, prefix = ''): [string, string][] =>
  Object.entries(m).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flatten(v, `${prefix}${k}.`),
  );

describe('messages in German, Polish and English', () => {
  it.each(folders.map((f) => [f.slice(src.length + 1)]))('%s: the three files hold the same keys, none empty', (folder) => {
    const dir = join(src, folder);
    const [de, pl, en] = ['de', 'pl', 'en'].map((l) => flatten(read(dir, l)));
    const keys = (entries: [string, string][]) => entries.map(([k]) => k).sort();
    expect(keys(de!)).toEqual(keys(en!));
    expect(keys(pl!)).toEqual(keys(en!));
    for (const entries of [de!, pl!, en!]) expect(entries.filter(([, v]) => v.trim() === '')).toEqual([]);
  });

  it('translate every error code the API can answer', () => {
    for (const lang of ['de', 'pl', 'en']) {
      const all = new Set(folders.flatMap((dir) => flatten(read(dir, lang)).map(([k]) => k)));
      const missing = ERROR_CODES.filter((code) => !all.has(`errors.${code}`));
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });
});
