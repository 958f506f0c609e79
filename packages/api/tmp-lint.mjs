import { readFileSync } from 'node:fs';
import spectralCore from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import owaspMod from '@stoplight/spectral-owasp-ruleset';
const { Spectral, Document } = spectralCore;
const owasp = owaspMod.default ?? owaspMod;

const s = new Spectral();
s.setRuleset({ extends: [[oas, 'recommended'], [owasp, 'recommended']] });
const doc = readFileSync(process.argv[2], 'utf8');
const res = await s.run(doc);
const by = {};
for (const r of res) { const k = `${['error','warn','info','hint'][r.severity]} ${r.code}`; by[k] = (by[k] ?? 0) + 1; }
console.log(by);
if (process.argv[3]) for (const r of res.filter(r => r.code === process.argv[3]).slice(0, 40)) console.log(r.path.join('.'), r.message);
