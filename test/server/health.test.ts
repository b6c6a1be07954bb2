import { describe, expect, it } from 'vitest';
import { makeCollector } from '../helpers/collector';

describe('health', () => {
  it('healthz answers while readyz follows the store', async () => {
    const { app, store } = await makeCollector();
    expect((await app.request('/healthz')).status).toBe(200);
    expect(await (await app.request('/readyz')).json()).toEqual({ status: 'ready' });
    await store.close();
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
