import type { StoredReceipt } from '../../protocol';
import { countKey, decisionCounts, type DecisionCountRow } from '../stats/decision-counts';
import type { LogReader } from '../store/log-reader';
import { Tampered } from './tampered';

/**
 * The overview's sums against the signed receipts: `decision_counts` must be exactly the receipts counted (so the
 * dashboard's figures are the log's), and every view marked answered must name a receipt that carries that view.
 * Banner view counts themselves are a statistic the widget reports, not proof (docs/proof.md).
 */
export function countIndex() {
  const expected = new Map<string, DecisionCountRow>();
  const answers = new Map<string, Set<string>>();
  return {
    /** Called for each receipt in log order, erased ones too (they keep what is counted). */
    add(
      receipt: Pick<
        StoredReceipt,
        'id' | 'site' | 'receivedAt' | 'policy' | 'action' | 'method' | 'choices' | 'signals'
      > & { previous?: string | null },
    ) {
      for (const row of decisionCounts([receipt])) {
        const key = countKey(row);
        const had = expected.get(key);
        if (had) had.count++;
        else expected.set(key, row);
      }
      const view = receipt.signals?.view;
      if (view) {
        const key = `${receipt.site}\n${view}`;
        answers.set(key, (answers.get(key) ?? new Set()).add(receipt.id));
      }
    },
    async check(reader: Pick<LogReader, 'decisionCounts' | 'viewAnswers'>): Promise<number> {
      let rows = 0;
      for await (const row of reader.decisionCounts()) {
        const where = `decision count ${row.site}/${row.hour}/${row.policy}/${row.action}/${row.method}`;
        const want = expected.get(countKey(row));
        if (!want) throw new Tampered(`${where}: no receipt in the log is counted there — inserted or edited`);
        if (Number(row.count) !== want.count)
          throw new Tampered(`${where}: it counts ${row.count}, the receipts ${want.count} — edited`);
        expected.delete(countKey(row));
        rows++;
      }
      for (const row of expected.values())
        throw new Tampered(
          `decision count ${row.site}/${row.hour}/${row.policy}/${row.action}/${row.method}: ` +
            `${row.count} receipts are counted nowhere — deleted`,
        );
      // Any receipt carrying the view may be its answer (the first one, or — once the view's id was forgotten after
      // 30 days — a later one from the same page): what cannot pass is an answer no receipt of that view gave.
      for await (const v of reader.viewAnswers())
        if (!answers.get(`${v.site}\n${v.view_id}`)?.has(String(v.answered_by)))
          throw new Tampered(
            `banner view ${v.site}/${v.view_id}: marked answered by ${v.answered_by}, which carries no such view — edited`,
          );
      return rows;
    },
  };
}
