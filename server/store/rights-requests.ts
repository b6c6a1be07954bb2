import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database-schema';
import { appendEntryIn } from './entry-log';
import type { LogSigner } from './receipt-store';

export type RightsRequestRow = Selectable<Database['rights_requests']>;
type Opened = Omit<RightsRequestRow, 'closed_at' | 'outcome' | 'reason' | 'closed_by' | 'subject'> & {
  subject: string;
};
type Closing = { outcome: string; reason: string | null; closedAt: string; closedBy: string };

/**
 * The fields of a request the signed `requests` log carries, so `assent verify` can hold each row to it: what was
 * asked, when, by which channel, by when it is due, who recorded it; then how and when it was closed, by whom.
 */
export const requestOpened = (r: Omit<Opened, 'subject'>) => ({
  event: 'opened',
  request: r.id,
  kind: r.kind,
  via: r.via,
  receivedAt: r.received_at,
  dueAt: r.due_at,
  by: r.recorded_by,
  subject: r.subject_key,
});
export const requestClosed = (id: string, c: Closing) => ({
  event: 'closed',
  request: id,
  outcome: c.outcome,
  reason: c.reason,
  closedAt: c.closedAt,
  by: c.closedBy,
});

/**
 * Closes an open request inside the caller's transaction (the erasure a request asks for runs in the same one):
 * `missing` if the site has no such request, `closed` if it was closed already (the update is conditional, so two
 * officers closing it at once record one outcome).
 */
export async function closeRequestIn(
  trx: Kysely<Database>,
  signer: LogSigner,
  site: string,
  id: string,
  c: Closing,
): Promise<'done' | 'missing' | 'closed'> {
  const done = await trx
    .updateTable('rights_requests')
    .set({ closed_at: c.closedAt, outcome: c.outcome, reason: c.reason, closed_by: c.closedBy })
    .where('site', '=', site)
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) {
    const row = await trx
      .selectFrom('rights_requests')
      .select('id')
      .where('site', '=', site)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? 'closed' : 'missing';
  }
  await appendEntryIn(trx, signer, 'requests', { at: c.closedAt, site, body: requestClosed(id, c) });
  return 'done';
}

/** Rights requests: each change is the row and its entry of the signed `requests` log, in one transaction. */
export function rightsRequests(db: Kysely<Database>, signer: LogSigner) {
  return {
    async openRequest(r: Opened, at: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('rights_requests').values(r).execute();
        await appendEntryIn(trx, signer, 'requests', { at, site: r.site, body: requestOpened(r) });
      });
    },
    closeRequest: (site: string, id: string, c: Closing) =>
      db.transaction().execute((trx) => closeRequestIn(trx, signer, site, id, c)),
    /** The same, for a caller that holds a transaction (an erasure's). */
    closeRequestIn: (trx: Kysely<Database>, site: string, id: string, c: Closing) =>
      closeRequestIn(trx, signer, site, id, c),
    findRequest: (site: string, id: string) =>
      db.selectFrom('rights_requests').selectAll().where('site', '=', site).where('id', '=', id).executeTakeFirst(),
    /** Open requests first, by due date; then the last `closedLimit` closed ones, newest first. */
    async listRequests(site: string, closedLimit: number): Promise<RightsRequestRow[]> {
      const open = await db
        .selectFrom('rights_requests')
        .selectAll()
        .where('site', '=', site)
        .where('closed_at', 'is', null)
        .orderBy('due_at')
        .execute();
      const closed = await db
        .selectFrom('rights_requests')
        .selectAll()
        .where('site', '=', site)
        .where('closed_at', 'is not', null)
        .orderBy('closed_at', 'desc')
        .limit(closedLimit)
        .execute();
      return [...open, ...closed];
    },
  };
}
export type RightsRequests = ReturnType<typeof rightsRequests>;
