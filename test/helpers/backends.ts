import { join } from 'node:path';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { openPostgresStore } from '../../server/store/postgres-store';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { demoNoticeRule, tempDir, testKeyRing } from './collector';
import { freshPostgresDatabase } from './postgres';

/** A store implementation under test: `create` makes an empty database that `open` opens, as often as needed. */
export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  create(): Promise<{ url: string; open: () => Promise<KyselyReceiptStore> }>;
}

export const sqliteBackend: StoreBackend = {
  name: 'SQLite',
  async create() {
    const path = join(tempDir(), 'assent.sqlite');
    return {
      url: path,
      open: async () => openSqliteStore(path, (await testKeyRing()).ring.signer, { notice: demoNoticeRule() }),
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
