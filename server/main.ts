import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context } from 'hono';
import pino from 'pino';
import { createApp } from './app';
import type { WidgetFiles } from './routes/widget-files';
import type { WidgetManifest } from '../protocol';
import { readSettings } from './env';
import { operatorMessage } from './operator-errors';
import { SiteRegistry, parseSiteFiles } from './sites/site-registry';
import { describeDatabase, openStore } from './store/open-store';
import { gracefulShutdown } from './shutdown';
import { startBackgroundJobs } from './background-jobs';
import { forwardedClient } from './middleware/client-ip';
import { checkpointWitness } from './proof/witness';
import { loadRevisions } from './sites/site-revisions';
import { noticeConfigOf, noticeRule } from './notices/result-notice';
import { BannerCounter } from './stats/banner-counter';
import { collectorMetrics } from './metrics/collector-metrics';
import type { AdminFiles } from './routes/admin-files';
import type { Logger } from './logger';
import { createSiteScanner } from './scan/site-scanner';
import { KeyRing, generateKey, parseKeyFile, type KeyFile } from './proof/key-ring';

async function main() {
  const settings = readSettings(process.env, process.cwd());
  // Asynchronous and buffered: lines go out 4 KiB at a time, or every 250 ms when fewer come (under load one write
  // for a dozen requests: writing each line cost ≈ 18 µs of a receipt's CPU); flushed on exit (a crash may lose the
  // last lines, never a receipt).
  const logDestination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  // No callback: with one, SonicBoom fsyncs the descriptor and adds listeners that pile up while stdout is slow.
  setInterval(() => {
    try {
      logDestination.flush();
    } catch {
      // destroyed: the process is ending
    }
  }, 250).unref();
  process.on('exit', () => logDestination.flushSync());
  const logger = pino({ level: settings.logLevel, base: undefined }, logDestination);

  const files = readdirSync(settings.sitesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(settings.sitesDir, name), 'utf8') }));
  const sites = new SiteRegistry(parseSiteFiles(files));
  const keyFile = await readKeys(settings.keysJson, settings.keysFile, logger);
  const keys = await KeyRing.load(keyFile, {
    signingThread: settings.signingThread,
    onThreadFailure: (e) =>
      logger.error({ err: e.message }, 'signing thread failed; signing on the main thread from now on'),
  });
  const clock = { now: () => new Date() };

  const store = await openStore(settings.database, keys.signer, noticeRule(sites), {
    writerThread: !settings.writerThread
      ? undefined
      : {
          keys: keyFile,
          noticeConfig: noticeConfigOf(sites),
          onFailure: (e) =>
            logger.error({ err: e.message }, 'writer thread failed; writing receipts on the main thread'),
        },
  });
  await loadRevisions(store, sites, clock.now(), keys.jwks);

  const clientIp = (c: Context) =>
    forwardedClient(c.req.header('x-forwarded-for'), settings.trustProxy) ?? getConnInfo(c).remote.address;
  const bannerViews = new BannerCounter((rows, named) => store.staff.addBannerViews(rows, named), clock);
  const witness = checkpointWitness({ file: settings.checkpointFile, url: settings.witnessUrl, fetch, logger });
  const metrics = settings.metrics ? collectorMetrics(() => store.waiting) : undefined;
  if (metrics) store.onCommit = metrics.committed;
  const { beforeClose } = startBackgroundJobs({
    store,
    keys,
    sites,
    logger,
    bannerViews,
    clock,
    fetch,
    witness,
    metrics,
  });
  const widget = await readWidget(settings.widgetDir, logger);
  // Rendered pages first (npm run build), then the demo's own files; each falls through when it has no file.
  const fromDemo = (root: string) => serveStatic({ root, rewriteRequestPath: (p) => p.replace(/^\/demo/, '') });
  const demo = settings.demo ? [fromDemo(settings.demoPagesDir), fromDemo(settings.demoDir)] : undefined;
  if (settings.demoSites && !settings.demo)
    logger.warn(
      { sitesDir: settings.sitesDir },
      "serving the demo clinics' site configs: set ASSENT_SITES_DIR to your own",
    );
  // ICN Act Art. 50(7): every marketing consent change is notified within 14 days. Without a webhook the widget's
  // on-screen notice is the only one Assent gives; the rest is the officer's duty (dashboard: Duties).
  for (const s of sites.all())
    if (s.config.channels.length && !s.config.webhooks.resultNotices)
      logger.warn(
        { site: s.config.id },
        'no result-notice webhook: only on-screen notices will be given; give the others and record them ' +
          '(dashboard → Duties, or POST /v1/staff/notices/:receipt/delivered) within 14 days',
      );
  // A site that asks the age without a code gateway: every child's consent waits for the officer's call.
  for (const s of sites.all())
    if (s.config.children.enabled && !s.config.webhooks.guardianCodes)
      logger.warn(
        { site: s.config.id },
        "no guardian-code gateway: children's optional consents wait until staff verify the guardian " +
          '(dashboard → Duties → Guardians to verify)',
      );
  const admin = readAdmin(settings.adminDir, logger);
  const app = createApp({
    store,
    staff: store.staff,
    guardians: store.guardians,
    sites,
    keys,
    clock,
    logger,
    clientIp,
    geo: settings.geoHeaders,
    scanner: createSiteScanner(),
    rateLimit: settings.rateLimit,
    widget,
    demo,
    admin,
    bannerViews,
    ...(metrics ? { metrics: { registry: metrics, token: settings.metricsToken } } : {}),
  });

  const server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, (info) => {
    const base = `http://localhost:${info.port}`;
    logger.info(
      { port: info.port, database: settings.database.kind, sites: sites.all().map((s) => s.config.id) },
      'collector listening',
    );
    process.stdout.write(
      `\nAssent collector: ${base}\n` +
        `  widget: ${base}/assent.js\n` +
        sites
          .all()
          .map(
            (s) =>
              `  site ${s.config.id}: ${demo ? `demo ${base}/demo/${s.config.id}/  ` : ''}config ${base}/v1/sites/${s.config.id}/config\n`,
          )
          .join('') +
        `  admin dashboard: ${base}/admin/ (sign in with a token from: npx assent tokens create --name NAME --site ID)\n` +
        `  health: ${base}/healthz\n  database: ${describeDatabase(settings.database)}\n\n`,
    );
  });
  // Listening fails after start-up work is done (the port is taken): say so plainly, close the store, exit 1.
  server.once('error', (error: NodeJS.ErrnoException) => {
    const why =
      error.code === 'EADDRINUSE' ? `port ${settings.port} is already in use; set PORT to another one` : error.message;
    process.stderr.write(`assent: cannot listen: ${why}\n`);
    process.exitCode = 1; // also if the loop empties before the store has closed
    void store.close().finally(() => process.exit(1));
  });
  gracefulShutdown(server, store, logger, () => beforeClose().finally(() => keys.close()));
}

/** ASSENT_KEYS, else the key file, else a new key file (a first start, e.g. the demo). */
async function readKeys(
  json: string | undefined,
  path: string,
  logger: { info(o: object, m: string): void },
): Promise<KeyFile> {
  if (json) return parseKeyFile(json, 'ASSENT_KEYS');
  if (existsSync(path)) return parseKeyFile(readFileSync(path, 'utf8'), path);
  const file = await generateKey(undefined, new Date());
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another collector starting at the same moment made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseKeyFile(readFileSync(path, 'utf8'), path);
    throw error;
  }
  logger.info({ path, kid: file.keys[0]!.kid }, 'generated a signing key; back this file up');
  return file;
}

/** The built widget (npm run build); the collector runs without it, but says so. */
async function readWidget(dir: string, logger: Logger): Promise<WidgetFiles | undefined> {
  let manifest: WidgetManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    logger.warn({ dir }, 'no built widget (run npm run build): /assent.js is not served');
    return undefined;
  }
  const assets = new Map(
    readdirSync(join(dir, 'assets')).map((f) => [`assets/${f}`, new Uint8Array(readFileSync(join(dir, 'assets', f)))]),
  );
  const loader = readFileSync(join(dir, manifest.loader), 'utf8');
  // The banner's prerenderer: without it the loader draws the first banner itself, one round trip later.
  let prerender: WidgetFiles['prerender'];
  try {
    if (manifest.prerender) prerender = await import(pathToFileURL(join(dir, manifest.prerender)).href);
  } catch (error) {
    logger.warn({ dir, error: (error as Error).message }, 'the banner prerenderer did not load');
  }
  return { loader, assets, manifest, prerender };
}

/** The built dashboard (npm run build): its files, served at /admin/ with the index for /admin and /admin/. */
function readAdmin(dir: string, logger: Logger): AdminFiles | undefined {
  if (!existsSync(join(dir, 'index.html'))) {
    logger.warn({ dir }, 'no built dashboard (run npm run build): /admin is not served');
    return undefined;
  }
  const files: AdminFiles = new Map([['index.html', new Uint8Array(readFileSync(join(dir, 'index.html')))]]);
  for (const f of readdirSync(join(dir, 'assets')))
    files.set(`assets/${f}`, new Uint8Array(readFileSync(join(dir, 'assets', f))));
  return files;
}

main().catch((error) => {
  // Configuration problems are the operator's to fix: one clear line, no stack trace.
  process.stderr.write(`assent: ${operatorMessage(error) ?? `could not start: ${(error as Error).stack ?? error}`}\n`);
  process.exit(1);
});
