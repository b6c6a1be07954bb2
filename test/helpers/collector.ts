import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { createApp, type AppDeps } from '../../server/app';
import { silentLogger } from '../../server/logger';
import { SiteRegistry, parseSiteFiles } from '../../server/sites/site-registry';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { loadRevisions } from '../../server/sites/site-revisions';
import { noticeRule } from '../../server/notices/result-notice';
import { KeyRing, generateKey, type KeyFile } from '../../server/proof/key-ring';
import type { ReceiptRequest, SiteConfig } from '../../protocol';

export const DEMO_SITES_DIR = join(import.meta.dirname, '../../demo/sites');

export function demoSiteFiles() {
  return readdirSync(DEMO_SITES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((name) => ({ name, text: readFileSync(join(DEMO_SITES_DIR, name), 'utf8') }));
}

export function demoConfigs(): SiteConfig[] {
  return parseSiteFiles(demoSiteFiles());
}

export function tempDir(prefix = 'assent-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const FIXED_NOW = new Date('2026-11-22T09:30:00.000Z');

let testKeys: Promise<{ file: KeyFile; ring: KeyRing }> | undefined;
/** One signing key per test file (generating is fast, but there is no need to do it per test). */
export const testKeyRing = () =>
  (testKeys ??= generateKey(undefined, FIXED_NOW).then(async (file) => ({ file, ring: await KeyRing.load(file) })));

/** The collector over a real SQLite file in a fresh temp folder (or the store given), its revisions logged as at start-up. */
export async function makeCollector(overrides: Partial<AppDeps> & { configs?: SiteConfig[]; dbPath?: string } = {}) {
  const dbPath = overrides.dbPath ?? join(tempDir(), 'assent.sqlite');
  const keys = overrides.keys ?? (await testKeyRing()).ring;
  const sites = overrides.sites ?? new SiteRegistry(overrides.configs ?? demoConfigs());
  const store = overrides.store ?? (await openSqliteStore(dbPath, keys.signer, { notice: noticeRule(sites) }));
  if (store instanceof KyselyReceiptStore) await loadRevisions(store, sites, FIXED_NOW, keys.jwks);
  const deps: AppDeps = {
    store,
    staff: (store as { staff?: AppDeps['staff'] }).staff,
    guardians: (store as { guardians?: AppDeps['guardians'] }).guardians,
    sites,
    keys,
    clock: { now: () => FIXED_NOW },
    logger: silentLogger,
    // Tests say who the client is with a header; production reads the socket.
    clientIp: (c: Context) => c.req.header('x-test-ip') ?? '203.0.113.7',
    rateLimit: { limit: 0, windowMs: 60_000 },
    ...overrides,
  };
  return { app: createApp(deps), store, sites, dbPath, deps };
}

let demoRevisions: Map<string, string> | undefined;
/** The current config revision of a demo site, as the widget would send it. */
export function demoRevision(site: string): string {
  demoRevisions ??= new Map(new SiteRegistry(demoConfigs()).all().map((s) => [s.config.id, s.revision]));
  return demoRevisions.get(site) ?? 'unknown-site';
}

/** A valid LEEPEEM receipt request (or of the site named in `overrides`, with its revision); override any field. */
export function leepeemReceipt(overrides: Partial<ReceiptRequest> = {}): ReceiptRequest {
  return {
    id: randomUUID(),
    site: 'leepeem',
    subject: 'v_Xy7f3kQ9pLm2aB4c',
    policy: '2025-02',
    configRevision: demoRevision(overrides.site ?? 'leepeem'),
    language: 'en',
    method: 'banner',
    action: 'custom',
    choices: {
      categories: { necessary: true, analytics: true, marketing: false },
      channels: { email: true, sms: false, sms_night: false },
    },
    signals: { gpc: false, shownAt: '2026-11-22T09:29:50.000Z', decidedAt: '2026-11-22T09:29:58.000Z' },
    // LEEPEEM asks the age (children.enabled): every receipt allowing something optional carries the answer.
    ...((overrides.site ?? 'leepeem') === 'leepeem' ? { age: 'adult' as const } : {}),
    ...overrides,
  };
}

export function postJson(body: unknown, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** The test key ring's signer, for stores opened by hand. */
export const testSigner = async () => (await testKeyRing()).ring.signer;

/** The result-notice rule of the demo sites, for stores opened by hand. */
export const demoNoticeRule = () => noticeRule(new SiteRegistry(demoConfigs()));
