/**
 * Builds the dashboard (admin/) into dist/admin/ for the collector's /admin/, and checks its size: the whole
 * bundle (scripts and styles, brotli) must stay within 40 KB.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist/admin');
const BUDGET = 40 * 1024;

rmSync(OUT, { recursive: true, force: true });
await build({
  configFile: false,
  root: join(ROOT, 'admin'),
  base: '/admin/',
  logLevel: 'warn',
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
  },
});

const brotli = (file: string) =>
  brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const files = readdirSync(join(OUT, 'assets')).map((f) => ({ f, bytes: brotli(join(OUT, 'assets', f)) }));
const total = files.reduce((n, x) => n + x.bytes, 0);
for (const { f, bytes } of files) console.log(`admin ${f.padEnd(28)} brotli ${bytes}`);
console.log(`admin dashboard (all scripts and styles) brotli ${total} / budget ${BUDGET}`);
if (total > BUDGET) {
  console.error(`the dashboard is over its ${BUDGET}-byte budget`);
  process.exit(1);
}
