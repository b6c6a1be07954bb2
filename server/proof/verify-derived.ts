import { canonicalJson, type channelFold, type ChannelStanding } from '../../protocol';
import type { LegacyResultNotice, ResultNotice } from '../notices/result-notice';
import type { LogReader, ResultNoticeRow } from '../store/log-reader';
import { stateOf } from '../store/receipt-batch';
import { sha256 } from './hash-chain';
import { Tampered } from './tampered';

/** `channel_consents` holds exactly the fold of each live subject's receipts: no row edited, added or removed. */
export async function verifyChannelConsents(
  reader: LogReader,
  latest: ReadonlyMap<string, { id: string }>,
  fold: ReturnType<typeof channelFold>,
): Promise<number> {
  let rows = 0;
  const expected = new Map<string, ChannelStanding>();
  for (const [key, last] of latest)
    for (const [channel, standing] of Object.entries(fold.stateAfter(last.id)))
      expected.set(`${key}\n${channel}`, standing);
  for await (const row of reader.channelConsents()) {
    const key = `${row.site}\n${row.subject}\n${row.channel}`;
    const where = `channel consent ${row.site}/${row.channel} of receipt ${row.receipt_id}`;
    const want = expected.get(key);
    if (!want) throw new Tampered(`${where}: no receipt in the log calls for it — inserted or kept by hand`);
    const got: ChannelStanding = stateOf([row])[row.channel]!;
    if (canonicalJson(got) !== canonicalJson(want) || (row.granted !== 0 && row.granted !== 1))
      throw new Tampered(`${where}: it differs from what the receipts say — edited`);
    expected.delete(key);
    rows++;
  }
  for (const key of expected.keys()) {
    const [site, , channel] = key.split('\n');
    throw new Tampered(`channel consent ${site}/${channel}: the receipts call for it, and it is gone — deleted`);
  }
  return rows;
}

/** A result notice is exactly what its receipt calls for, and delivered exactly when the deliveries log says so. */
export function verifyNotice(
  id: string,
  expected: ResultNotice | LegacyResultNotice | undefined,
  row: ResultNoticeRow | undefined,
  deliveries: ReadonlyMap<string, { at: string; notice: unknown; via: unknown }>,
) {
  const where = `result notice for receipt ${id}`;
  if (!expected) {
    if (row) throw new Tampered(`${where}: its receipt calls for no notice — inserted`);
    return;
  }
  if (!row) throw new Tampered(`${where}: its receipt calls for one, and it is gone — deleted`);
  let notice: unknown;
  try {
    notice = JSON.parse(row.record);
  } catch {
    throw new Tampered(`${where}: its content is not JSON — edited`);
  }
  if (
    canonicalJson(notice) !== canonicalJson(expected) ||
    row.site !== expected.site ||
    row.subject !== expected.subject
  )
    throw new Tampered(`${where}: it differs from what its receipt calls for — edited`);
  const delivery = deliveries.get(id);
  if ((delivery?.at ?? null) !== row.delivered_at)
    throw new Tampered(`${where}: column delivered_at differs from the signed deliveries log — edited`);
  if (String(delivery?.via ?? null) !== String(row.delivered_via ?? null))
    throw new Tampered(`${where}: column delivered_via differs from the signed deliveries log — edited`);
  if (delivery && delivery.notice !== sha256(row.record))
    throw new Tampered(`${where}: it is not the notice the deliveries log says was delivered — edited`);
}

/** The same over a database handle (the CLI, tests). */
