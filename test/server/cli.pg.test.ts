import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { assentCli } from '../helpers/cli';
import { KeyRing, parseKeyFile } from '../../server/proof/key-ring';
import { openPostgresStore } from '../../server/store/postgres-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { freshPostgresDatabase } from '../helpers/postgres';
import {
  FIXED_NOW,
  leepeemReceipt,
  makeCollector,
  postJson,
  tempDir,
  testKeyRing,
  demoNoticeRule,
} from '../helpers/collector';

const run = assentCli;

describe('npx assent', () => {
  it('keys generate creates a key file, then rotates keeping the old key', async () => {
    const dir = tempDir();
    const env = { ASSENT_KEYS_FILE: join(dir, 'keys.json') };
    const first = await run(['keys', 'generate'], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/created key \S+ in/);
    const second = await run(['keys', 'generate'], env);
    expect(second.out).toMatch(/rotated: new active key/);
    const file = parseKeyFile(readFileSync(env.ASSENT_KEYS_FILE, 'utf8'), 'keys.json');
    expect(file.keys).toHaveLength(2);
  });

  it('verify says OK on an intact log and TAMPERED (exit 1) naming the record after an edit', async () => {
    const dir = tempDir();
    const env = { ASSENT_KEYS_FILE: join(dir, 'keys.json'), DATABASE_URL: join(dir, 'a.sqlite') };
    await run(['keys', 'generate'], env);
    const keys = await KeyRing.load(parseKeyFile(readFileSync(env.ASSENT_KEYS_FILE, 'utf8'), 'k'));
    const store = await openSqliteStore(env.DATABASE_URL, keys.signer, { notice: demoNoticeRule() });
    const { app } = await makeCollector({ store, keys, dbPath: env.DATABASE_URL });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await (await app.request('/v1/receipts', postJson(leepeemReceipt()))).json()).id);
    await store.checkpoint(FIXED_NOW);
    await store.close();
    const ok = await run(['verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      new RegExp(
        '^OK: 3 receipts \\(0 erased\\), 1 signed checkpoints, 0 access log entries, 0 erasures, 0 deliveries, ' +
          '2 config revisions, \\d+ notice texts, 1 result notices, 3 channel consents\n$',
      ),
    ); // the first receipt's email consent
    const db = new Database(env.DATABASE_URL);
    db.prepare(`update receipts set record = replace(record, '"email":true', '"email":false') where id = ?`).run(
      ids[1],
    );
    db.close();
    const bad = await run(['verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`TAMPERED: receipt ${ids[1]} (seq 2)`);
  });

  it('works on PostgreSQL through DATABASE_URL: tokens create, purge, verify (and names a tampered record)', async () => {
    const dir = tempDir();
    const url = await freshPostgresDatabase();
    const env = { ASSENT_KEYS_FILE: join(dir, 'keys.json'), DATABASE_URL: url };
    await run(['keys', 'generate'], env);
    const keys = await KeyRing.load(parseKeyFile(readFileSync(env.ASSENT_KEYS_FILE, 'utf8'), 'k'));
    const store = await openPostgresStore(url, keys.signer, { notice: demoNoticeRule() });
    const { app } = await makeCollector({ store, keys });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push((await (await app.request('/v1/receipts', postJson(leepeemReceipt()))).json()).id);
    const token = await run(['tokens', 'create', '--name', 'Officer', '--site', 'leepeem'], env);
    expect(token.code).toBe(0);
    expect(await store.db.selectFrom('staff_tokens').select('name').execute()).toEqual([{ name: 'Officer' }]);
    expect((await run(['purge'], env)).out).toContain('leepeem: 0 receipt(s) past retention redacted');
    expect(await run(['verify'], env)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^OK: 2 receipts \(0 erased\), 0 signed checkpoints/),
    });
    await store.db.updateTable('receipts').set({ site: 'liv' }).where('id', '=', ids[0]!).execute();
    const bad = await run(['verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`TAMPERED: receipt ${ids[0]} (seq 1): column site differs`);
    await store.close();
  });

  it('verify-receipt checks a downloaded receipt offline', async () => {
    const dir = tempDir();
    const env = { ASSENT_KEYS_FILE: join(dir, 'keys.json') };
    await run(['keys', 'generate'], env);
    const keys = await KeyRing.load(parseKeyFile(readFileSync(env.ASSENT_KEYS_FILE, 'utf8'), 'k'));
    const { app } = await makeCollector({ keys });
    const body = await (await app.request('/v1/receipts', postJson(leepeemReceipt()))).json();
    writeFileSync(join(dir, 'receipt.json'), JSON.stringify(body)); // as downloaded, secret included
    const ok = await run(['verify-receipt', join(dir, 'receipt.json')], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^OK: receipt .* is signed by key /);
    writeFileSync(
      join(dir, 'receipt.json'),
      JSON.stringify({
        ...body,
        choices: { ...body.choices, channels: { email: false, sms: true, sms_night: false } },
      }),
    );
    const bad = await run(['verify-receipt', join(dir, 'receipt.json')], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('INVALID');
  });

  it('tokens create prints a token once, stores only its hash, and refuses unknown sites', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: join(dir, 'a.sqlite') };
    const made = await run(['tokens', 'create', '--name', 'Kim Soo-young', '--site', 'liv'], env);
    expect(made.code).toBe(0);
    const token = made.out.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^assent_tok_[0-9a-f]{12}_[\w-]{32}$/);
    const db = new Database(env.DATABASE_URL, { readonly: true });
    const rows = db.prepare('select * from staff_tokens').all() as { token_hash: string; sites: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.sites).toBe('["liv"]');
    const wrong = await run(['tokens', 'create', '--name', 'x', '--site', 'nowhere'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.out).toContain('unknown site(s): nowhere');
  });

  it('tokens list shows tokens without their secret; tokens revoke stops one working at once', async () => {
    const dir = tempDir();
    const env = { DATABASE_URL: join(dir, 'a.sqlite'), ASSENT_KEYS_FILE: join(dir, 'keys.json') };
    const made = await run(['tokens', 'create', '--name', 'Kim Soo-young', '--site', 'liv'], env);
    const token = made.out.trim().split('\n').at(-1)!;
    const id = /^assent_(tok_[0-9a-f]{12})_/.exec(token)![1]!;
    const store = await openSqliteStore(env.DATABASE_URL, (await testKeyRing()).ring.signer, {
      notice: demoNoticeRule(),
    });
    const { app } = await makeCollector({ store, dbPath: env.DATABASE_URL });
    const me = () => app.request('/v1/staff/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    const list = await run(['tokens', 'list'], env);
    expect(list.out).toContain(`${id}  Kim Soo-young  sites: liv`);
    expect(list.out).not.toContain(token);
    expect(await run(['tokens', 'revoke', id], env)).toMatchObject({ code: 0 });
    expect((await me()).status).toBe(401);
    expect((await run(['tokens', 'list'], env)).out).toMatch(/REVOKED \d{4}-/);
    const again = await run(['tokens', 'revoke', id], env);
    expect(again.code).toBe(2);
    expect(again.out).toContain(`no live token ${id}`);
    await store.close();
  });

  it('answers an unknown command with the help and exit 2', async () => {
    const r = await run(['frobnicate'], {});
    expect(r.code).toBe(2);
    expect(r.out).toContain('unknown command "frobnicate"');
  });
});
