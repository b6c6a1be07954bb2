import { describe, expect, it } from 'vitest';
import { readSettings } from '../../server/env';
import { collectorMetrics } from '../../server/metrics/collector-metrics';
import type { KyselyReceiptStore } from '../../server/store/kysely-receipt-store';
import { leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

async function withMetrics(token?: string) {
  const base = await makeCollector();
  const store = base.store as KyselyReceiptStore;
  const metrics = collectorMetrics(() => store.waiting);
  store.onCommit = metrics.committed;
  return makeCollector({ store, dbPath: base.dbPath, metrics: { registry: metrics, token } });
}

/** Prometheus' text exposition format: comments, and `name{labels} value` lines. */
const SAMPLE = /^[a-zA-Z_:][\w:]*(\{([a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*\})? (-?[\d.]+(e[-+]?\d+)?|NaN|[+-]Inf)$/;

describe('/metrics, for the operator', () => {
  it('counts receipts stored and refused by reason, batch commits and what waits, with nothing about anyone', async () => {
    const c = await withMetrics();
    const again = leepeemReceipt({ subject: 'patient_Metrics_0001' });
    for (const body of [again, again, leepeemReceipt({ subject: 'patient_Metrics_0002' })])
      expect((await c.app.request('/v1/receipts', postJson(body))).status).toBeLessThan(300);
    expect((await c.app.request('/v1/receipts', postJson({ ...again, id: 'not-a-uuid' }))).status).toBe(422);
    expect((await c.app.request('/v1/receipts', postJson(leepeemReceipt({ configRevision: 'gone' })))).status).toBe(
      409,
    );
    const res = await c.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(SAMPLE);
    expect(text).toContain('assent_receipts_stored_total{site="leepeem",status="created"} 2');
    expect(text).toContain('assent_receipts_stored_total{site="leepeem",status="existing"} 1');
    expect(text).toContain('assent_receipts_refused_total{reason="invalid-receipt"} 1');
    expect(text).toContain('assent_receipts_refused_total{reason="stale-config"} 1');
    expect(text).toMatch(/assent_commit_batch_receipts_count [1-9]/);
    expect(text).toMatch(/assent_commit_seconds_bucket\{le="\+Inf"\} [1-9]/);
    expect(text).toContain('assent_receipts_waiting 0');
    expect(text).not.toMatch(/patient_Metrics|Metrics_000/);
    await c.store.close();
  });

  it('is off unless enabled, and asks for its token when one is set', async () => {
    const off = await makeCollector();
    expect((await off.app.request('/metrics')).status).toBe(404);
    await off.store.close();
    const c = await withMetrics('a-long-random-metrics-token');
    expect((await c.app.request('/metrics')).status).toBe(401);
    const ok = await c.app.request('/metrics', { headers: { authorization: 'Bearer a-long-random-metrics-token' } });
    expect(ok.status).toBe(200);
    await c.store.close();
  });

  it('is switched on by ASSENT_METRICS, and a bad setting stops start-up with a clear message', () => {
    expect(readSettings({ ASSENT_METRICS: '1' }, '/tmp')).toMatchObject({ metrics: true, metricsToken: undefined });
    expect(readSettings({}, '/tmp').metrics).toBe(false);
    expect(() => readSettings({ ASSENT_METRICS: 'yes' }, '/tmp')).toThrow('ASSENT_METRICS must be 1 or 0');
    expect(() => readSettings({ ASSENT_METRICS: '1', ASSENT_METRICS_TOKEN: 'short' }, '/tmp')).toThrow(
      'ASSENT_METRICS_TOKEN must be at least 16 characters',
    );
  });
});
