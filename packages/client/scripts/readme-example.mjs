// The README's example is compiled with the package (`pnpm typecheck`), so that it cannot rot:
// its first ```ts block is written to examples/readme.ts before tsc runs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const block = /```ts\n([\s\S]*?)```/.exec(readme);
if (!block) throw new Error('README.md has no ```ts block');
// examples/ holds only the generated file, which git ignores: a fresh clone has no folder yet.
mkdirSync(new URL('../examples/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../examples/readme.ts', import.meta.url),
  `// Written from README.md by scripts/readme-example.mjs; edit the README.\n${block[1]}`,
);
