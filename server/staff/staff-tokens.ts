import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new staff token, scoped to sites. Only its hash is stored; the token itself is shown once. */
export async function createStaffToken(db: Kysely<Database>, name: string, sites: string[], now: Date) {
  const id = `tok_${randomBytes(6).toString('hex')}`;
  const token = `assent_${id}_${randomBytes(24).toString('base64url')}`;
  await db.insertInto('staff_tokens').values({ id, name, sites: JSON.stringify(sites), token_hash: hashToken(token), created_at: now.toISOString(), revoked_at: null }).execute();
  return { id, token };
}

export interface StaffMember {
  tokenId: string;
  name: string;
  sites: string[];
}

export async function findStaffToken(db: Kysely<Database>, token: string): Promise<StaffMember | undefined> {
  const row = await db.selectFrom('staff_tokens').selectAll().where('token_hash', '=', hashToken(token)).where('revoked_at', 'is', null).executeTakeFirst();
  return row ? { tokenId: row.id, name: row.name, sites: JSON.parse(row.sites) } : undefined;
}
