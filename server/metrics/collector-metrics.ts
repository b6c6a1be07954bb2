import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What an operator watches, in Prometheus' text format at `/metrics` (off unless ASSENT_METRICS=1): receipts
 * stored and refused (by the problem's type), how long a batch commit takes and how many receipts it carries, how
 * many wait for one, result-notice deliveries, and the process's own figures. Labels are site ids, statuses and
 * reasons: never a subject, a contact or anything a visitor sent.
 */
export function collectorMetrics(waiting: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'assent_process_' });
  const stored = new Counter({
    name: 'assent_receipts_stored_total',
    help: 'Receipts answered 201 (created) or 200 (the same request again), per site.',
    labelNames: ['site', 'status'] as const,
    registers: [registry],
  });
  const refused = new Counter({
    name: 'assent_receipts_refused_total',
    help: 'Receipt requests refused, by the problem type answered (invalid-receipt, stale-config, id-conflict …).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const commit = new Histogram({
    name: 'assent_commit_seconds',
    help: 'How long one batch of receipts took to lay out, sign and commit (fsync included).',
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const batch = new Histogram({
    name: 'assent_commit_batch_receipts',
    help: 'Receipts per committed batch (group commit).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
    registers: [registry],
  });
  new Gauge({
    name: 'assent_receipts_waiting',
    help: 'Receipts waiting for the next batch commit.',
    registers: [registry],
    collect() {
      this.set(waiting());
    },
  });
  const deliveries = new Counter({
    name: 'assent_result_notice_deliveries_total',
    help: "Result notices sent to a site's webhook: delivered or failed (retried later).",
    labelNames: ['result'] as const,
    registers: [registry],
  });
  return {
    registry,
    stored: (site: string, status: 'created' | 'existing') => stored.inc({ site, status }),
    refused: (reason: string) => refused.inc({ reason }),
    committed: (seconds: number, receipts: number) => (commit.observe(seconds), batch.observe(receipts)),
    delivered: (counts: { delivered: number; failed: number }) => {
      if (counts.delivered) deliveries.inc({ result: 'delivered' }, counts.delivered);
      if (counts.failed) deliveries.inc({ result: 'failed' }, counts.failed);
    },
  };
}
export type CollectorMetrics = ReturnType<typeof collectorMetrics>;
