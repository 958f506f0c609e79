// Writes a brotli (.br) and a gzip (.gz) copy next to every text file of the build, so that the
// server sends them as they are (@fastify/static's `preCompressed`) instead of compressing each
// response again, or not at all. Compressing once at the highest levels costs a few seconds here
// and nothing per request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;

let before = 0;
let brotli = 0;
let files = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
  const path = join(entry.parentPath, entry.name);
  const body = readFileSync(path);
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gz = gzipSync(body, { level: 9 });
  // A copy that is not smaller is not worth sending: the server falls back to the file itself.
  if (br.length < body.length) writeFileSync(`${path}.br`, br);
  if (gz.length < body.length) writeFileSync(`${path}.gz`, gz);
  before += body.length;
  brotli += Math.min(br.length, body.length);
  files += 1;
}
console.log(`precompressed ${files} files: ${(before / 1024).toFixed(0)} KB -> ${(brotli / 1024).toFixed(0)} KB with brotli`);
