import { makeCollector, leepeemReceipt, postJson, demoConfigs } from '../test/helpers/collector';
import { openSqliteStore } from '../server/store/sqlite-store';
import { SiteRegistry } from '../server/sites/site-registry';
import { buildReceipt, requestHash } from '../server/receipts/build-receipt';
import * as v from 'valibot';
import { receiptRequestSchema } from '../protocol';
const N = 20000;
async function time(label: string, conc: number, fn: (i: number) => Promise<unknown>) {
  const t = performance.now(); let i = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (i < N) await fn(i++); }));
  const ms = performance.now() - t; console.log(`${label}: ${(ms / N * 1000).toFixed(1)} µs/op`);
}
const sites = new SiteRegistry(demoConfigs()); const site = sites.get('leepeem')!;
const reqs = Array.from({ length: N }, () => leepeemReceipt());
const texts = reqs.map((r) => JSON.stringify(r));
await time('parse+validate', 1, async (i) => v.parse(receiptRequestSchema, JSON.parse(texts[i]!)));
await time('build+hash', 1, async (i) => { buildReceipt(reqs[i]!, site, new Date(), undefined); requestHash(reqs[i]!); });
const store = await openSqliteStore('/tmp/parts.sqlite');
await time('store.append conc64', 64, async (i) => store.append(buildReceipt(reqs[i]!, site, new Date(), undefined), 'h' + i));
const noop = { append: async (r: any) => ({ status: "created", receipt: r }), saveNoticeTexts: async () => {}, ping: async () => {}, get: async () => undefined, getNoticeText: async () => undefined, close: async () => {} } as any;
const { app } = await makeCollector({ store: noop });
const reqs2 = Array.from({ length: N }, () => JSON.stringify(leepeemReceipt()));
await time('app.request noop-store conc64', 64, async (i) => (await app.request('/v1/receipts', postJson(reqs2[i]!))).arrayBuffer());
await time('app.request noop-store conc64 again', 64, async (i) => (await app.request('/v1/receipts', postJson(reqs2[i]!))).arrayBuffer());
