import { resolve } from 'node:path';

export interface Settings {
  port: number;
  host: string | undefined;
  /** Path of the SQLite file. */
  sqlitePath: string;
  sitesDir: string;
  /** The built widget (dist/widget), the rendered demo pages (dist/demo) and the demo's static files (demo/). */
  widgetDir: string;
  demoPagesDir: string;
  demoDir: string;
  rateLimit: { limit: number; windowMs: number };
  /** Take the client address from the first X-Forwarded-For entry (only behind a proxy you run). */
  trustProxy: boolean;
  logLevel: string;
  /** Signing keys: a JSON key file (created on first start if missing), or the same JSON in ASSENT_KEYS. */
  keysFile: string;
  keysJson: string | undefined;
}

export class EnvError extends Error {}

/** Reads and validates the environment once, at start-up. Pure: main.ts passes `process.env`. */
export function readSettings(env: Record<string, string | undefined>, cwd: string): Settings {
  const errors: string[] = [];
  const port = int(env.PORT ?? '8787', 'PORT', 0, 65535, errors);
  const rate = int(env.ASSENT_RATE_LIMIT ?? '600', 'ASSENT_RATE_LIMIT', 0, 10_000_000, errors);
  const windowS = int(env.ASSENT_RATE_WINDOW ?? '60', 'ASSENT_RATE_WINDOW', 1, 86_400, errors);
  const sqlitePath = sqliteFile(env.DATABASE_URL ?? './data/assent.sqlite', cwd, errors);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) errors.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  if (errors.length) throw new EnvError(errors.join('\n'));
  return {
    port,
    host: env.HOST || undefined,
    sqlitePath,
    sitesDir: resolve(cwd, env.ASSENT_SITES_DIR ?? './demo/sites'),
    widgetDir: resolve(cwd, 'dist/widget'),
    demoPagesDir: resolve(cwd, 'dist/demo'),
    demoDir: resolve(cwd, 'demo'),
    rateLimit: { limit: rate, windowMs: windowS * 1000 },
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel,
    keysFile: resolve(cwd, env.ASSENT_KEYS_FILE ?? './data/keys.json'),
    keysJson: env.ASSENT_KEYS || undefined,
  };
}

function int(raw: string, name: string, min: number, max: number, errors: string[]): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) errors.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

/** `DATABASE_URL` as a plain path, `sqlite:relative/path`, `sqlite:///absolute/path` or `file:` URL. */
function sqliteFile(url: string, cwd: string, errors: string[]): string {
  if (/^postgres(ql)?:/i.test(url)) {
    errors.push('DATABASE_URL: PostgreSQL is not supported by this version yet; use an SQLite file path');
    return '';
  }
  const match = /^(sqlite|file):(\/\/)?(.*)$/i.exec(url);
  const path = match ? match[3]! : url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !match) errors.push(`DATABASE_URL: unknown scheme in "${url}"`);
  if (!path) errors.push('DATABASE_URL: the SQLite file path is empty');
  return resolve(cwd, path);
}
