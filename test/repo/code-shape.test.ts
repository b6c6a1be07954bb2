import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const code = tracked.filter((f) => /\.(ts|tsx|js|css|html)$/.test(f));
const lines = (f: string) => readFileSync(join(ROOT, f), 'utf8').split('\n');

// Prettier keeps code within 120 columns; strings and comments it cannot break are kept under 140 by hand.
describe('the shape of the code', () => {
  it('no line over 140 characters (the site configs’ legal texts are data, not code)', () => {
    const long = code.flatMap((f) =>
      lines(f).flatMap((l, i) => (l.length > 140 ? [`${f}:${i + 1} (${l.length})`] : [])),
    );
    expect(long).toEqual([]);
  });

  it('no product file over 300 lines: one idea per file', () => {
    const product = code.filter((f) => /^(server|widget|admin|protocol|demo|bin)\//.test(f));
    expect(product.filter((f) => lines(f).length > 300)).toEqual([]);
  });

  it('no scratch file is committed', () => {
    expect(tracked.filter((f) => /(^|\/)[^/]*\.tmp\.|\.orig$|\.bak$/.test(f))).toEqual([]);
  });
});
