import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { collectorMetrics } from '../../server/metrics/collector-metrics';
import { makeCollector } from '../helpers/collector';

describe('the OpenAPI 3.1 contract', () => {
  it('validates as OpenAPI 3.1 and lists every route the collector has, with its method', async () => {
    // Every optional part on (metrics), so every route the collector can have is there.
    const c = await makeCollector({ metrics: { registry: collectorMetrics(() => 0) } });
    const res = await c.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify(result.valid ? [] : result.errors)).toBe(true);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    // Every route the app answers (middleware-only entries aside), its `:param` written `{param}`.
    const routes = new Set(
      c.app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !routes.has(r))).toEqual([]);
    // The receipt body is the protocol's own schema, converted: its required fields are the protocol's.
    expect(doc.components.schemas.ReceiptRequest.required).toEqual(
      expect.arrayContaining(['id', 'site', 'subject', 'policy', 'action', 'choices', 'signals']),
    );
    await c.store.close();
  });

  it('is readable as a page, every route on it', async () => {
    const c = await makeCollector();
    const page = await (await c.app.request('/docs/api')).text();
    const doc = await (await c.app.request('/openapi.json')).json();
    for (const path of Object.keys(doc.paths)) expect(page).toContain(path);
    await c.store.close();
  });
});
