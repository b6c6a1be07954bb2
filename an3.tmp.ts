import { build } from 'vite';
import { brotliCompressSync, constants } from 'node:zlib';
const br = (s: string) => brotliCompressSync(Buffer.from(s), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
for (const classic of [false, true]) {
const r: any = await build({ configFile: false, root: '/work/main', logLevel: 'warn',
  ...(classic ? { oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' }, jsxInject: `import { h } from 'preact'`, include: /\.tsx$/ } } : {}),
  build: { write: false, minify: true, target: 'es2020', rollupOptions: { output: { minify: true } }, lib: { entry: { ui: '/work/main/widget/ui/index.tsx' }, formats: ['es'] } } });
for (const o of r[0].output) if (o.type === 'chunk') console.log(classic, o.fileName, o.code.length, br(o.code));
}
