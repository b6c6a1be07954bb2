import { join } from 'node:path';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { openPostgresStore } from '../../server/store/postgres-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { noticeConfigOf, noticeRule } from '../../server/notices/result-notice';
import { SiteRegistry } from '../../server/sites/site-registry';
import { demoConfigs, demoNoticeRule, tempDir, testKeyRing } from './collector';
import { freshPostgresDatabase } from './postgres';

/** A store implementation under test: `create` makes an empty database that `open` opens, as often as needed. */
export interface StoreBackend {
  name: 'SQLite' | 'SQLite, writer thread' | 'PostgreSQL';
  /** What a collector process on it needs besides DATABASE_URL (the crash tests start real processes). */
  env?: Record<string, string>;
  create(): Promise<{ url: string; open: () => Promise<KyselyReceiptStore> }>;
}

export const sqliteBackend: StoreBackend = {
  name: 'SQLite',
  env: { ASSENT_WRITER_THREAD: '0' },
  async create() {
    const path = join(tempDir(), 'assent.sqlite');
    return {
      url: path,
      open: async () => openSqliteStore(path, (await testKeyRing()).ring.signer, { notice: demoNoticeRule() }),
    };
  },
};

/** SQLite as the collector runs it on a machine with a second core: batches written by the writer thread. */
export const sqliteThreadBackend: StoreBackend = {
  name: 'SQLite, writer thread',
  env: { ASSENT_WRITER_THREAD: '1' },
  async create() {
    const path = join(tempDir(), 'assent.sqlite');
    const sites = new SiteRegistry(demoConfigs());
    return {
      url: path,
      open: async () => {
        const { file, ring } = await testKeyRing();
        const onFailure = (error: Error) => {
          throw error;
        };
        return openSqliteStore(path, ring.signer, {
          notice: noticeRule(sites),
          writerThread: { keys: file, noticeConfig: noticeConfigOf(sites), onFailure },
        });
      },
    };
  },
};

export const postgresBackend: StoreBackend = {
  name: 'PostgreSQL',
  async create() {
    const url = await freshPostgresDatabase();
    return {
      url,
      open: async () =>
        openPostgresStore(url, (await testKeyRing()).ring.signer, { poolSize: 4, notice: demoNoticeRule() }),
    };
  },
};

export const backends = [sqliteBackend, postgresBackend];
/** Every way the store writes: the contract and the crash tests run on each. */
export const writePaths = [sqliteBackend, sqliteThreadBackend, postgresBackend];
