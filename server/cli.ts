import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import type { StoredReceipt } from '../protocol';
import { readSettings } from './env';
import { UsageError, operatorMessage } from './operator-errors';
import { KeyRing, generateKey, parseKeyFile, publicJwks, rotateLookupKey, type KeyFile } from './proof/key-ring';
import { checkInclusion, type LogPath } from './proof/inclusion';
import { verifyReceipt } from './proof/receipt-proof';
import { parseAnchors } from './proof/verify-checkpoints';
import { noticeRule } from './notices/result-notice';
import { verifyDatabase } from './proof/verify-log';
import { openDatabase, openStore } from './store/open-store';
import { createStaffToken, listStaffTokens, revokeStaffToken } from './store/staff-tokens';
import { purgeExpired } from './staff/purge';
import { SiteRegistry, parseSiteFiles } from './sites/site-registry';
import { scanCommand } from './scan/scan-command';

const HELP = `assent — consent receipt collector

  npx assent keys generate            add a new signing key (the first, or a rotation) to the key file
  npx assent keys rotate-lookup       add a new key for the keyed hashes of contacts and search terms
  npx assent verify [--checkpoints FILE]
                                      check every log: chains, signatures, columns, erasures, checkpoints;
                                      FILE: checkpoints (or receipts) saved outside, which the log must still hold
  npx assent verify-receipt FILE [--jwks FILE] [--collector URL]
                                      check one receipt's signature offline; with --collector, also that the
                                      collector's log still holds it, up to a signed checkpoint
  npx assent purge                    redact receipts past each site's retention (lifetimes.receiptRetentionDays)
  npx assent tokens create --name NAME --site SITE [--site SITE …]
                                      make a staff API token (printed once, stored hashed)
  npx assent tokens list              the tokens: id, name, sites, created, revoked
  npx assent tokens revoke ID         stop a token working (e.g. a staff member left)
  npx assent scan URL [--pages N] [--json] [--fail-on KINDS]
                                      visit the site in Chromium as a new visitor: no choice, "reject all",
                                      "accept all"; report every cookie, storage key and call to another site,
                                      named by the site config and the catalogue, and what is wrong. KINDS:
                                      before-consent,after-refusal,undeclared,declared-unseen (exit 1 if any)

Reads DATABASE_URL and ASSENT_KEYS_FILE (or ASSENT_KEYS) like the server.`;

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      jwks: { type: 'string' },
      checkpoints: { type: 'string' },
      collector: { type: 'string' },
      name: { type: 'string' },
      site: { type: 'string', multiple: true },
      pages: { type: 'string' },
      json: { type: 'boolean' },
      'fail-on': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) return void console.log(HELP);
  // Needs no database, key or site config of this machine: only the site and its collector.
  if (command === 'scan') return scanCommand(sub, values);
  const settings = readSettings(process.env, process.cwd());

  if (command === 'keys' && sub === 'generate') {
    const existing = existsSync(settings.keysFile)
      ? parseKeyFile(readFileSync(settings.keysFile, 'utf8'), settings.keysFile)
      : undefined;
    const file = await generateKey(existing, new Date());
    mkdirSync(dirname(settings.keysFile), { recursive: true });
    // Write then rename: a crash never leaves a half-written key file.
    writeFileSync(`${settings.keysFile}.tmp`, JSON.stringify(file, null, 2), { mode: 0o600 });
    renameSync(`${settings.keysFile}.tmp`, settings.keysFile);
    const kid = file.keys.at(-1)!.kid;
    return void console.log(
      `${existing ? 'rotated: new active key' : 'created key'} ${kid} in ${settings.keysFile} ` +
        `(${file.keys.length} key(s); old keys stay for verification). Restart the collector to sign with it.`,
    );
  }

  if (command === 'keys' && sub === 'rotate-lookup') {
    if (!existsSync(settings.keysFile))
      throw new UsageError(`no key file at ${settings.keysFile} (npx assent keys generate)`);
    const file = rotateLookupKey(parseKeyFile(readFileSync(settings.keysFile, 'utf8'), settings.keysFile), new Date());
    writeFileSync(`${settings.keysFile}.tmp`, JSON.stringify(file, null, 2), { mode: 0o600 });
    renameSync(`${settings.keysFile}.tmp`, settings.keysFile);
    return void console.log(
      `new lookup key ${file.lookupKeys!.at(-1)!.version} in ${settings.keysFile}: new contact and search hashes use it, ` +
        'searches still try the older ones. Restart the collector.',
    );
  }

  if (command === 'verify') {
    const jwks = loadJwks(values.jwks, settings);
    const anchors = values.checkpoints ? readAnchors(values.checkpoints) : [];
    const db = await openDatabase(settings.database, { create: false });
    try {
      const r = await verifyDatabase(db, jwks, anchors);
      const what = [
        `${r.receipts} receipts (${r.erased} erased)`,
        `${r.checkpoints} signed checkpoints`,
        `${r.entries.access} access log entries`,
        `${r.entries.erasures} erasures`,
        `${r.entries.deliveries} deliveries`,
        `${r.entries.revisions} config revisions`,
        `${r.noticeTexts} notice texts`,
        `${r.resultNotices} result notices`,
        `${r.channelConsents} channel consents`,
      ].join(', ');
      if (r.ok)
        return void console.log(
          `OK: ${what}${anchors.length ? `; consistent with ${anchors.length} checkpoint(s)/receipt(s) saved outside` : ''}`,
        );
      console.log(`TAMPERED: ${r.problem}`);
      process.exitCode = 1;
    } finally {
      await db.destroy();
    }
    return;
  }

  if (command === 'verify-receipt') {
    if (!sub) throw new UsageError('verify-receipt needs a FILE');
    let receipt: StoredReceipt;
    try {
      receipt = JSON.parse(readFileSync(sub, 'utf8'));
    } catch (e) {
      throw new UsageError(`${sub}: ${(e as Error).message}`);
    }
    const jwks =
      values.jwks || !values.collector
        ? loadJwks(values.jwks, settings)
        : await fetchJson<{ keys: JWK[] }>(new URL('/.well-known/jwks.json', values.collector));
    const result = await verifyReceipt(receipt, jwks);
    if (!result.ok) {
      console.log(`INVALID: receipt ${receipt.id ?? '?'}: ${result.reason}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `OK: receipt ${receipt.id} (${receipt.site}, ${receipt.action} at ${receipt.receivedAt}) is signed by key ${result.kid}`,
    );
    if (!values.collector) return;
    const path = await fetchJson<LogPath>(new URL(`/v1/log/receipts/${receipt.log?.seq}/path`, values.collector));
    const included = await checkInclusion(receipt, path, jwks);
    if (included.ok)
      return void console.log(
        `OK: the collector's log holds it at seq ${receipt.log.seq}, under checkpoint ${path.checkpoint.seq} ` +
          `(signed ${path.checkpoint.createdAt}, ${path.checkpoint.heads.receipts.seq} receipts)`,
      );
    console.log(`NOT IN THE LOG: ${included.reason}`);
    process.exitCode = 1;
    return;
  }

  if (command === 'purge') {
    const sites = new SiteRegistry(
      parseSiteFiles(
        readdirSync(settings.sitesDir)
          .filter((f) => f.endsWith('.json'))
          .map((name) => ({ name, text: readFileSync(join(settings.sitesDir, name), 'utf8') })),
      ),
    );
    if (settings.database.kind === 'sqlite' && !existsSync(settings.database.path))
      throw new UsageError(`no database at ${settings.database.path}`);
    // Erasures are signed entries of the log: purging needs the signing key, as the collector does.
    const keys = await KeyRing.load(readKeyFile(settings));
    const store = await openStore(settings.database, keys.signer, noticeRule(sites));
    try {
      const counts = await purgeExpired(sites, store.staff, new Date());
      return void console.log(
        Object.entries(counts)
          .map(([site, n]) => `${site}: ${n} receipt(s) past retention redacted`)
          .join('\n'),
      );
    } finally {
      await store.close();
    }
  }

  if (command === 'tokens' && sub === 'create') {
    if (!values.name || !values.site?.length)
      throw new UsageError('tokens create needs --name and at least one --site');
    const known = readdirSync(settings.sitesDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    const unknown = values.site.filter((s) => !known.includes(s));
    if (unknown.length)
      throw new UsageError(
        `unknown site(s): ${unknown.join(', ')} (sites in ${settings.sitesDir}: ${known.join(', ')})`,
      );
    const db = await openDatabase(settings.database, { create: true });
    try {
      const { id, token } = await createStaffToken(db, values.name, values.site, new Date());
      console.log(
        `token ${id} for ${values.name} (sites: ${values.site.join(', ')}). It is shown once; store it now:\n${token}`,
      );
    } finally {
      await db.destroy();
    }
    return;
  }
  if (command === 'tokens' && sub === 'list') {
    const db = await openDatabase(settings.database, { create: false });
    try {
      const tokens = await listStaffTokens(db);
      if (!tokens.length) return void console.log('no tokens (npx assent tokens create --name NAME --site SITE)');
      return void console.log(
        tokens
          .map(
            (t) =>
              `${t.id}  ${t.name}  sites: ${t.sites.join(', ')}  created ${t.createdAt}${t.revokedAt ? `  REVOKED ${t.revokedAt}` : ''}`,
          )
          .join('\n'),
      );
    } finally {
      await db.destroy();
    }
  }

  if (command === 'tokens' && sub === 'revoke') {
    const id = positionals[2];
    if (!id) throw new UsageError('tokens revoke needs the token id (see: npx assent tokens list)');
    const db = await openDatabase(settings.database, { create: false });
    try {
      if (!(await revokeStaffToken(db, id, new Date())))
        throw new UsageError(`no live token ${id} (see: npx assent tokens list)`);
      return void console.log(`token ${id} revoked; requests with it now get 401`);
    } finally {
      await db.destroy();
    }
  }
  throw new UsageError(`unknown command "${positionals.join(' ')}"\n\n${HELP}`);
}

function readKeyFile(settings: ReturnType<typeof readSettings>): KeyFile {
  if (settings.keysJson) return parseKeyFile(settings.keysJson, 'ASSENT_KEYS');
  if (!existsSync(settings.keysFile))
    throw new UsageError(`no key file at ${settings.keysFile} (ASSENT_KEYS_FILE or ASSENT_KEYS)`);
  return parseKeyFile(readFileSync(settings.keysFile, 'utf8'), settings.keysFile);
}

function readAnchors(path: string) {
  try {
    return parseAnchors(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(
      `${path}: not checkpoints or receipts as JSON, a JSON array or JSON lines (${(e as Error).message})`,
    );
  }
}

async function fetchJson<T>(url: URL): Promise<T> {
  const res = await fetch(url).catch((e: Error) => {
    throw new UsageError(`cannot reach ${url.origin}: ${e.message}`);
  });
  if (!res.ok) throw new UsageError(`${url.href}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/** Public keys from --jwks (a jwks.json file), else from the key file's public parts. */
function loadJwks(path: string | undefined, settings: ReturnType<typeof readSettings>): { keys: JWK[] } {
  if (path) {
    const data = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(data?.keys)) throw new UsageError(`${path}: not a JWK set`);
    return data;
  }
  if (settings.keysJson) return publicJwks(parseKeyFile(settings.keysJson, 'ASSENT_KEYS'));
  if (!existsSync(settings.keysFile))
    throw new UsageError(`no key file at ${settings.keysFile}; pass --jwks FILE (e.g. a saved /.well-known/jwks.json)`);
  return publicJwks(parseKeyFile(readFileSync(settings.keysFile, 'utf8'), settings.keysFile));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`assent: ${operatorMessage(error) ?? (error as Error).stack ?? error}`);
  process.exit(2);
});
