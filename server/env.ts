import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseGeo, type GeoHeaders } from './middleware/visitor-place';

/** The package's own folder: where the built widget, dashboard and the demo are. */
export const PACKAGE_ROOT = resolve(import.meta.dirname, '..');

export interface Settings {
  port: number;
  host: string | undefined;
  /** The database: an SQLite file (the default) or a PostgreSQL server shared by several collector nodes. */
  database: DatabaseSetting;
  sitesDir: string;
  /** The built widget (dist/widget), the rendered demo pages (dist/demo) and the demo's static files (demo/), all in the package. */
  widgetDir: string;
  demoPagesDir: string;
  /** The built admin dashboard (dist/admin). */
  adminDir: string;
  demoDir: string;
  /** Serve the demo clinic sites under /demo/ (on for `npm start`, off unless asked for otherwise). */
  demo: boolean;
  /** True when the sites are the demo's own configs (ASSENT_SITES_DIR not set). */
  demoSites: boolean;
  rateLimit: { limit: number; windowMs: number };
  /** Proxies in front of the collector: the client address is the X-Forwarded-For entry this many hops from the right (0: the socket's). */
  trustProxy: number;
  logLevel: string;
  /** Signing keys: a JSON key file (created on first start if missing), or the same JSON in ASSENT_KEYS. */
  keysFile: string;
  keysJson: string | undefined;
  /** Sign receipts on a worker thread when many wait at once (more receipts/s when the collector has a core to spare). */
  signingThread: boolean;
  /** SQLite: receipts laid out, signed and committed on a thread of their own (ASSENT_WRITER_THREAD). */
  writerThread: boolean;
  /** Witnesses of the log: each new signed checkpoint is appended to this file (JSON lines) and/or POSTed to this URL. */
  checkpointFile: string | undefined;
  witnessUrl: string | undefined;
  /** Serve Prometheus metrics at /metrics (off by default), for holders of this bearer token if one is set. */
  metrics: boolean;
  metricsToken: string | undefined;
  /** The headers the CDN or proxy in front puts the visitor's country (and subdivision) in (`ASSENT_GEO`); off by default. */
  geoHeaders: GeoHeaders | undefined;
}

export type DatabaseSetting = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };

export class EnvError extends Error {}

/**
 * Reads and validates the environment once, at start-up. Pure: main.ts passes `process.env`. Paths the operator
 * gives are relative to the working directory; the built files and the demo are found in the package (`root`),
 * wherever the collector is started from.
 */
export function readSettings(
  env: Record<string, string | undefined>,
  cwd: string,
  root: string = PACKAGE_ROOT,
): Settings {
  const errors: string[] = [];
  const port = int(env.PORT ?? '8787', 'PORT', 0, 65535, errors);
  const rate = int(env.ASSENT_RATE_LIMIT ?? '600', 'ASSENT_RATE_LIMIT', 0, 10_000_000, errors);
  const windowS = int(env.ASSENT_RATE_WINDOW ?? '60', 'ASSENT_RATE_WINDOW', 1, 86_400, errors);
  const url = env.DATABASE_URL || './data/assent.sqlite';
  const poolSize = int(env.ASSENT_PG_POOL ?? '10', 'ASSENT_PG_POOL', 1, 1000, errors);
  const database: DatabaseSetting = /^postgres(ql)?:/i.test(url)
    ? postgresUrl(url, poolSize, errors)
    : { kind: 'sqlite', path: sqliteFile(url, cwd, errors) };
  const logLevel = env.LOG_LEVEL ?? 'info';
  const signingThread = env.ASSENT_SIGNING_THREAD ?? '0';
  if (!['0', '1', 'true', 'false'].includes(signingThread))
    errors.push(`ASSENT_SIGNING_THREAD must be 1 or 0 (got "${signingThread}")`);
  const writerThread = env.ASSENT_WRITER_THREAD ?? (availableParallelism() > 1 ? '1' : '0');
  if (!['0', '1', 'true', 'false'].includes(writerThread))
    errors.push(`ASSENT_WRITER_THREAD must be 1 or 0 (got "${writerThread}")`);
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    errors.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  const proxies = trustProxy(env.TRUST_PROXY, errors);
  const demo = env.ASSENT_DEMO ?? '0';
  if (!['0', '1', 'true', 'false'].includes(demo)) errors.push(`ASSENT_DEMO must be 1 or 0 (got "${demo}")`);
  const metrics = env.ASSENT_METRICS ?? '0';
  if (!['0', '1', 'true', 'false'].includes(metrics)) errors.push(`ASSENT_METRICS must be 1 or 0 (got "${metrics}")`);
  const metricsToken = env.ASSENT_METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16)
    errors.push('ASSENT_METRICS_TOKEN must be at least 16 characters (a random secret)');
  const witnessUrl = env.ASSENT_WITNESS_URL || undefined;
  if (witnessUrl && !/^https?:\/\/[^\s]+$/.test(witnessUrl))
    errors.push(`ASSENT_WITNESS_URL must be an http(s) URL (got "${witnessUrl}")`);
  const geo = parseGeo(env.ASSENT_GEO || undefined);
  if (typeof geo === 'string') errors.push(geo);
  if (errors.length) throw new EnvError(errors.join('\n'));
  return {
    port,
    host: env.HOST || undefined,
    database,
    sitesDir: env.ASSENT_SITES_DIR ? resolve(cwd, env.ASSENT_SITES_DIR) : resolve(root, 'demo/sites'),
    demoSites: !env.ASSENT_SITES_DIR,
    widgetDir: resolve(root, 'dist/widget'),
    demoPagesDir: resolve(root, 'dist/demo'),
    adminDir: resolve(root, 'dist/admin'),
    demoDir: resolve(root, 'demo'),
    demo: demo === '1' || demo === 'true',
    rateLimit: { limit: rate, windowMs: windowS * 1000 },
    trustProxy: proxies,
    logLevel,
    keysFile: resolve(cwd, env.ASSENT_KEYS_FILE ?? './data/keys.json'),
    keysJson: env.ASSENT_KEYS || undefined,
    signingThread: signingThread === '1' || signingThread === 'true',
    writerThread: writerThread === '1' || writerThread === 'true',
    checkpointFile: env.ASSENT_CHECKPOINT_FILE ? resolve(cwd, env.ASSENT_CHECKPOINT_FILE) : undefined,
    witnessUrl,
    metrics: metrics === '1' || metrics === 'true',
    metricsToken,
    geoHeaders: typeof geo === 'object' ? geo.headers : undefined,
  };
}

/** `TRUST_PROXY`: how many proxies you run in front of the collector (`true` is one). */
function trustProxy(raw: string | undefined, errors: string[]): number {
  if (raw === undefined || raw === '' || raw === 'false') return 0;
  if (raw === 'true') return 1;
  return int(raw, 'TRUST_PROXY', 0, 10, errors);
}

function int(raw: string, name: string, min: number, max: number, errors: string[]): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max)
    errors.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

/** `DATABASE_URL` as a plain path, `sqlite:relative/path`, `sqlite:///absolute/path` or `file:` URL. */
function sqliteFile(url: string, cwd: string, errors: string[]): string {
  const match = /^(sqlite|file):(\/\/)?(.*)$/i.exec(url);
  const path = match ? match[3]! : url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !match)
    errors.push(
      `DATABASE_URL: unknown scheme in "${url.replace(/\/\/[^@/]*@/, '//…@')}" (use an SQLite file path or postgres://)`,
    );
  if (!path) errors.push('DATABASE_URL: the SQLite file path is empty');
  return resolve(cwd, path);
}

/** `postgres://user:password@host:port/database?…`; checked here so a typo stops start-up with a clear message. */
function postgresUrl(url: string, poolSize: number, errors: string[]): DatabaseSetting {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    errors.push('DATABASE_URL: not a valid postgres:// URL');
  }
  if (parsed && !parsed.hostname && !parsed.searchParams.get('host'))
    errors.push('DATABASE_URL: the PostgreSQL URL names no host');
  if (parsed && parsed.pathname.replace(/^\//, '') === '')
    errors.push('DATABASE_URL: the PostgreSQL URL names no database (postgres://user:password@host:5432/assent)');
  return { kind: 'postgres', url, poolSize };
}
