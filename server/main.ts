import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import pino from 'pino';
import { createApp } from './app';
import { EnvError, readSettings } from './env';
import { SiteConfigError, SiteRegistry, parseSiteFiles } from './sites/site-registry';
import { openSqliteStore } from './store/sqlite-store';
import { gracefulShutdown } from './shutdown';

async function main() {
  const settings = readSettings(process.env, process.cwd());
  const logger = pino({ level: settings.logLevel, base: undefined });

  const files = readdirSync(settings.sitesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(settings.sitesDir, name), 'utf8') }));
  const sites = new SiteRegistry(parseSiteFiles(files));

  mkdirSync(dirname(settings.sqlitePath), { recursive: true });
  const store = await openSqliteStore(settings.sqlitePath);
  await store.saveNoticeTexts(sites.all().flatMap((s) => [...s.notices.values()]));

  const clientIp = (c: Context) => {
    if (settings.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    return getConnInfo(c).remote.address;
  };
  const app = createApp({ store, sites, clock: { now: () => new Date() }, logger, clientIp, rateLimit: settings.rateLimit });

  const server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, (info) => {
    const base = `http://localhost:${info.port}`;
    logger.info({ port: info.port, sqlite: settings.sqlitePath, sites: sites.all().map((s) => s.config.id) }, 'collector listening');
    process.stdout.write(
      `\nAssent collector: ${base}\n` +
        sites
          .all()
          .map((s) => `  site ${s.config.id}: ${base}/v1/sites/${s.config.id}/config\n`)
          .join('') +
        `  health: ${base}/healthz\n  database: ${settings.sqlitePath}\n\n`,
    );
  });
  gracefulShutdown(server, store, logger);
}

main().catch((error) => {
  // Configuration problems are the operator's to fix: a clear message, no stack trace.
  if (error instanceof EnvError || error instanceof SiteConfigError) {
    process.stderr.write(`assent: ${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EACCES') {
    process.stderr.write(`assent: ${(error as Error).message}\n`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`assent: the port is already in use (${(error as Error).message}); set PORT to another one\n`);
  } else {
    process.stderr.write(`assent: could not start: ${(error as Error).stack ?? error}\n`);
  }
  process.exit(1);
});
