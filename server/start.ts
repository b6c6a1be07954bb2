/**
 * `npm start`: the collector with the demo clinics, for trying Assent out. The widget, the dashboard and the demo
 * pages are built first only when a source file is newer than the build (or there is none); production runs
 * `npm run serve` on a build made beforehand (docs/operate.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './env';

const SOURCES = ['widget', 'admin', 'demo', 'protocol'];
const OUTPUTS = ['dist/widget/manifest.json', 'dist/admin/index.html', 'dist/demo/leepeem/index.html'];

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

const outputs = OUTPUTS.map((f) => join(PACKAGE_ROOT, f));
const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
if (built < Math.max(...SOURCES.map((d) => newest(join(PACKAGE_ROOT, d))))) {
  process.stdout.write(
    built
      ? 'assent: sources changed since the last build; building…\n'
      : 'assent: building the widget, the dashboard and the demo pages…\n',
  );
  const build = spawnSync('npm', ['run', 'build'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('assent: the build failed (see above)\n');
    process.exit(1);
  }
}
process.env.ASSENT_DEMO ??= '1';
await import('./main.ts');
