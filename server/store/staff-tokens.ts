import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new staff token, scoped to sites. Only its hash is stored; the token itself is shown once. */
export async function createStaffToken(db: Kysely<Database>, name: string, sites: string[], now: Date) {
  const id = `tok_${randomBytes(6).toString('hex')}`;
  const token = `assent_${id}_${randomBytes(24).toString('base64url')}`;
  await db
    .insertInto('staff_tokens')
    .values({
      id,
      name,
      sites: JSON.stringify(sites),
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      revoked_at: null,
    })
    .execute();
  return { id, token };
}

export interface StaffMember {
  tokenId: string;
  name: string;
  sites: string[];
}

export async function findStaffToken(db: Kysely<Database>, token: string): Promise<StaffMember | undefined> {
  const row = await db
    .selectFrom('staff_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { tokenId: row.id, name: row.name, sites: JSON.parse(row.sites) } : undefined;
}

/** Every token, revoked ones included (never the secret: only its hash is stored). */
export async function listStaffTokens(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('staff_tokens')
    .select(['id', 'name', 'sites', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sites: JSON.parse(r.sites) as string[],
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a token from now on (it stops working at its next request); false when there is no such live token. */
export async function revokeStaffToken(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
