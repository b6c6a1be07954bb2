import type { StoredReceipt } from '../../protocol';

/**
 * A receipt's answer to the banner view it names (`signals.view`): the view is marked answered by it, and recorded
 * in the receipt's hour and policy if its own report has not arrived (so answered never exceeds shown).
 */
export type ViewAnswer = { site: string; view_id: string; hour: string; policy: string; answered_by: string };
export const VIEW_ANSWER_COLUMNS = [
  'site',
  'view_id',
  'hour',
  'policy',
  'answered_by',
] as const satisfies readonly (keyof ViewAnswer)[];

/** The first receipt of a batch answering each view (a later one answering the same view counts for nothing). */
export function viewAnswers(
  receipts: readonly Pick<StoredReceipt, 'id' | 'site' | 'policy' | 'receivedAt' | 'signals'>[],
): ViewAnswer[] {
  const first = new Map<string, ViewAnswer>();
  for (const r of receipts) {
    const view = r.signals.view;
    if (!view || first.has(`${r.site}\n${view}`)) continue;
    first.set(`${r.site}\n${view}`, {
      site: r.site,
      view_id: view,
      hour: r.receivedAt.slice(0, 13),
      policy: r.policy,
      answered_by: r.id,
    });
  }
  return [...first.values()];
}
