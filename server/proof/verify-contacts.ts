import type { StoredReceipt } from '../../protocol';
import type { LogReader } from '../store/log-reader';
import { Tampered } from './tampered';

/**
 * The officer's contact index against the signed receipts: each row must be a contact key a live receipt of that
 * subject carries, naming the first such receipt, and every key a live receipt carries must have its row. So a
 * row added by hand cannot point a search for someone's phone number at another person, nor one deleted hide them.
 */
export function contactIndex() {
  const expected = new Map<string, string>();
  return {
    /** Called for each live receipt in log order. */
    add(receipt: StoredReceipt) {
      for (const key of receipt.contactKeys ?? []) {
        const id = `${receipt.site}\n${key}\n${receipt.subject}`;
        if (!expected.has(id)) expected.set(id, receipt.id);
      }
    },
    async check(reader: Pick<LogReader, 'subjectContacts'>): Promise<number> {
      let rows = 0;
      for await (const row of reader.subjectContacts()) {
        const id = `${row.site}\n${row.contact_key}\n${row.subject}`;
        const where = `contact index row ${row.site}/${row.contact_key}`;
        const first = expected.get(id);
        if (!first) throw new Tampered(`${where}: no live receipt of its subject carries that contact — inserted`);
        if (first !== row.receipt_id)
          throw new Tampered(
            `${where}: it names receipt ${row.receipt_id}, not ${first}, the first to carry it — edited`,
          );
        expected.delete(id);
        rows++;
      }
      for (const [id, receipt] of expected) {
        const [site, key] = id.split('\n');
        throw new Tampered(
          `contact index row ${site}/${key} of receipt ${receipt}: the receipts call for it, and it is gone — deleted`,
        );
      }
      return rows;
    },
  };
}
