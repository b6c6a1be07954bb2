import { describe, expect, it } from 'vitest';
import type { Logger } from '../../server/logger';
import { leepeemReceipt, makeCollector, postJson } from '../helpers/collector';

function recorder() {
  const lines: object[] = [];
  const logger: Logger = { info: (o) => lines.push(o), warn: (o) => lines.push(o), error: (o) => lines.push(o) };
  return { lines, logger };
}

describe('request log', () => {
  it('writes one line per request with id, route, status and duration — and no personal data', async () => {
    const { lines, logger } = recorder();
    const { app } = await makeCollector({ logger });
    const guardian = { name: 'Park Ji-hoon' };
    const req = leepeemReceipt({ age: 'child', guardian, member: 'member:7f3a9c0d11' });
    const res = await app.request('/v1/receipts', postJson(req, { 'x-test-ip': '198.51.100.23' }));
    await app.request('/v1/receipts', postJson({ ...req, id: 'bad' }));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      requestId: res.headers.get('x-request-id'),
      method: 'POST',
      route: '/v1/receipts',
      status: 201,
      ms: expect.any(Number),
    });
    expect(lines[1]).toMatchObject({ status: 422 });
    const text = JSON.stringify(lines);
    for (const secret of [req.subject, req.id, 'Park Ji-hoon', '010-9876-5432', '198.51.100', 'member:7f3a9c0d11'])
      expect(text).not.toContain(secret);
  });

  it('logs route patterns, not raw paths', async () => {
    const { lines, logger } = recorder();
    const { app } = await makeCollector({ logger });
    await app.request('/v1/sites/liv/config');
    expect(lines[0]).toMatchObject({ route: '/v1/sites/:site/config', status: 200 });
  });
});

describe('a page whose origin no site lists', () => {
  it('gets a refusal it can read (CORS header on the 403), and the collector logs the origin at warn', async () => {
    const { lines, logger } = recorder();
    const { app } = await makeCollector({ logger });
    const res = await app.request('/v1/sites/liv/config', { headers: { origin: 'https://www.not-listed.example' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.not-listed.example');
    expect((await res.json()).detail).toContain('add it to the site config\'s "origins"');
    expect(lines).toContainEqual(
      expect.objectContaining({ origin: 'https://www.not-listed.example', path: '/v1/sites/liv/config' }),
    );
    const post = await app.request(
      '/v1/receipts',
      postJson(leepeemReceipt(), { origin: 'https://www.not-listed.example' }),
    );
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBe('https://www.not-listed.example');
  });
});
