import type { StoredReceipt } from '../../protocol';

/**
 * One row of `decision_counts`: how many receipts of a site fell in a UTC hour with the same policy, action,
 * method, first-decision flag and choices. The overview is summed from these rows in SQL instead of reading every
 * receipt; the rows are written in the transaction that appends the receipts, and `assent verify` recounts them.
 */
export type DecisionCountRow = {
  site: string;
  /** UTC hour, `YYYY-MM-DDTHH` (server/stats/zoned-days.ts says what that means for a viewer's days). */
  hour: string;
  policy: string;
  action: string;
  method: string;
  /** 1 when the receipt is its subject's first decision on the site (it names no previous receipt). */
  first: number;
  /** The categories and channels the receipt decided, as `choicesKey` writes them. */
  choices: string;
  count: number;
};

type Counted = Pick<StoredReceipt, 'site' | 'receivedAt' | 'policy' | 'action' | 'method' | 'choices'> & {
  previous?: string | null;
};

/**
 * Categories and channels with what was chosen, in a stable order: `c:analytics=1,c:marketing=0|ch:email=1`.
 * Form consents are left out (the overview does not chart them), which keeps the number of rows small.
 */
export function choicesKey(choices: Counted['choices']): string {
  const part = (prefix: string, o: Record<string, boolean> | undefined) =>
    Object.keys(o ?? {})
      .sort()
      .map((k) => `${prefix}:${k}=${o![k] ? 1 : 0}`)
      .join(',');
  return `${part('c', choices.categories)}|${part('ch', choices.channels)}`;
}

/** `choicesKey` read back. */
export function readChoicesKey(key: string): {
  categories: Record<string, boolean>;
  channels: Record<string, boolean>;
} {
  const out = { categories: {} as Record<string, boolean>, channels: {} as Record<string, boolean> };
  for (const item of key.split(/[|,]/)) {
    const m = /^(c|ch):(.+)=([01])$/.exec(item);
    if (m) (m[1] === 'c' ? out.categories : out.channels)[m[2]!] = m[3] === '1';
  }
  return out;
}

/** The counts a set of receipts adds, one row per key. */
export function decisionCounts(receipts: Iterable<Counted>): DecisionCountRow[] {
  const rows = new Map<string, DecisionCountRow>();
  for (const r of receipts) {
    const row: DecisionCountRow = {
      site: r.site,
      hour: r.receivedAt.slice(0, 13),
      policy: r.policy,
      action: r.action,
      method: r.method,
      first: r.previous ? 0 : 1,
      choices: choicesKey(r.choices),
      count: 1,
    };
    const key = countKey(row);
    const had = rows.get(key);
    if (had) had.count++;
    else rows.set(key, row);
  }
  return [...rows.values()];
}

/** The identity of a row (everything but its count). */
export const countKey = (r: Omit<DecisionCountRow, 'count'>) =>
  [r.site, r.hour, r.policy, r.action, r.method, r.first, r.choices].join('\n');

/** The columns of `decision_counts`, in one order for both dialects' statements. */
export const DECISION_COUNT_COLUMNS = [
  'site',
  'hour',
  'policy',
  'action',
  'method',
  'first',
  'choices',
  'count',
] as const satisfies readonly (keyof DecisionCountRow)[];
