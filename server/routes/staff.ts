import { Hono, type Context } from 'hono';
import { routePath } from 'hono/route';
import { stream } from 'hono/streaming';
import * as v from 'valibot';
import { fromValibot, receiptRequestSchema, type StoredReceipt } from '../../protocol';
import type { AppDeps } from '../app';
import { readJsonBody } from '../middleware/json-body';
import { ProblemError } from '../middleware/problem';
import { toKantara } from '../proof/kantara';
import { verifyReceipt } from '../proof/receipt-proof';
import { consentStats } from '../stats/consent-stats';
import { dayStart, isTimeZone, localDay } from '../stats/zoned-days';
import { signReceipt } from '../proof/receipt-proof';
import { buildReceipt, requestHash } from '../receipts/build-receipt';
import { checkAgainstSite } from '../receipts/check-receipt';
import { CSV_HEADER, csvRow } from '../staff/csv';
import type { StaffMember } from '../staff/staff-tokens';
import type { ReceiptFilter } from '../store/staff-queries';

type Env = { Variables: { staff: StaffMember; touched: { site?: string; subjects?: string[] } } };
const DAY = 86_400_000;

/**
 * The staff API, for the privacy officer's tools: bearer tokens scoped to sites, every call written to the
 * tamper-evident access log (who, when, what, which subjects).
 */
export function staffRoutes(deps: AppDeps) {
  const { staff: queries, sites, clock } = deps;
  const app = new Hono<Env>();
  if (!queries) return app;

  app.use('*', async (c, next) => {
    const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const member = token ? await queries.findStaff(token) : undefined;
    if (!member) throw new ProblemError(401, 'unauthorized', 'Unauthorized', 'Send a staff token as "Authorization: Bearer <token>" (npx assent tokens create).', [], { 'WWW-Authenticate': 'Bearer' });
    c.set('staff', member);
    c.set('touched', {});
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } catch (e) {
      status = e instanceof ProblemError ? e.status : 500;
      throw e;
    } finally {
      const touched = c.get('touched');
      const query = Object.fromEntries(Object.entries(c.req.query()).filter(([k]) => k !== 'cursor'));
      await queries.appendAccess({ at: clock.now().toISOString(), tokenId: member.tokenId, staff: member.name, method: c.req.method, route: routePath(c, -1), site: touched.site, subjects: touched.subjects, query, status });
    }
  });

  /** The site a call is about: named, known, and one this token may see. */
  const siteOf = (c: Context<Env>, id: string | undefined) => {
    if (!id) throw new ProblemError(400, 'site-required', 'Bad Request', 'Name the site: ?site=<id>.');
    const site = sites.get(id);
    if (!site) throw new ProblemError(404, 'unknown-site', 'Not Found', `No site "${id}" on this collector.`);
    if (!c.get('staff').sites.includes(id)) throw new ProblemError(403, 'forbidden-site', 'Forbidden', `This token may not see site "${id}".`);
    c.get('touched').site = id;
    return site;
  };
  const filterOf = (c: Context<Env>): ReceiptFilter => {
    const q = c.req.query();
    const site = siteOf(c, q.site).config.id;
    const date = (k: 'from' | 'to') => {
      if (q[k] === undefined) return undefined;
      const t = Date.parse(q[k]!);
      if (Number.isNaN(t)) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', `${k} must be a date or time (ISO 8601)`);
      return new Date(t).toISOString();
    };
    const cursor = q.cursor === undefined ? undefined : Number(Buffer.from(q.cursor, 'base64url').toString());
    if (cursor !== undefined && !Number.isSafeInteger(cursor)) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', 'cursor is not one this API gave out');
    return { site, from: date('from'), to: date('to'), action: q.action, method: q.method, policy: q.policy, subject: q.subject || undefined, member: q.member || undefined, afterSeq: cursor };
  };

  app.get('/receipts', async (c) => {
    const filter = filterOf(c);
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
    const rows = await queries.listReceipts(filter, limit + 1);
    const page = rows.slice(0, limit);
    const next = rows.length > limit ? Buffer.from(String(page[page.length - 1]!.seq)).toString('base64url') : null;
    return c.json({ items: page.map((r) => r.receipt), nextCursor: next });
  });

  /** Who the token belongs to and the sites it may see, with what the dashboard needs to label them. */
  app.get('/me', (c) => {
    const member = c.get('staff');
    const mine = member.sites.map((id) => sites.get(id)?.config).filter((s) => !!s);
    return c.json({
      name: member.name,
      sites: mine.map((s) => ({ id: s.id, name: s.name, languages: s.languages, policies: s.policies.map((p) => ({ id: p.id, effective: p.effectiveDate })), categories: s.categories.map((k) => ({ id: k.id, label: k.label, required: k.required })), channels: s.channels.map((k) => ({ id: k.id, label: k.label })) })),
    });
  });

  // The overview: banners shown vs decisions, their kinds, per category and channel, by day and by policy.
  app.get('/stats', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    const day = (k: 'from' | 'to', fallback: string) => {
      const raw = c.req.query(k) ?? fallback;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', `${k} must be a day (YYYY-MM-DD)`);
      return raw;
    };
    const timeZone = c.req.query('tz') ?? 'UTC';
    if (!isTimeZone(timeZone)) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', `tz must be an IANA time zone such as Asia/Seoul (got "${timeZone}")`);
    const today = localDay(clock.now().getTime(), timeZone);
    const to = day('to', today);
    const from = day('from', new Date(Date.parse(to) - 29 * DAY).toISOString().slice(0, 10));
    if (from > to || Date.parse(to) - Date.parse(from) > 366 * DAY) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', 'from must be on or before to, at most 366 days apart');
    const start = dayStart(from, timeZone);
    const end = dayStart(new Date(Date.parse(to) + DAY).toISOString().slice(0, 10), timeZone);
    const receipts = queries.streamReceipts({ site: site.config.id, from: new Date(start).toISOString(), to: new Date(end).toISOString() });
    const views = await queries.bannerViews(site.config.id, new Date(start).toISOString().slice(0, 13), new Date(end - 1).toISOString().slice(0, 13));
    return c.json(await consentStats(site.config, { from, to, timeZone }, receipts, views));
  });

  // One receipt for the dashboard: whether its signature holds, and the exact notice text the visitor saw.
  app.get('/receipts/:id', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    const receipt = await deps.store.get(c.req.param('id'));
    if (!receipt || receipt.site !== site.config.id) throw new ProblemError(404, 'unknown-receipt', 'Not Found', `No receipt ${c.req.param('id')} on site "${site.config.id}".`);
    c.get('touched').subjects = [receipt.subject];
    const signature = 'redacted' in receipt ? { ok: false, reason: 'redacted: the signed content was erased; the log keeps its digest' } : await verifyReceipt(receipt, deps.keys.jwks);
    return c.json({ receipt, signature, notice: (await deps.store.getNoticeText(receipt.notice.hash)) ?? null });
  });

  app.get('/access-log', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
    return c.json({ site: site.config.id, entries: await queries.listAccess([site.config.id], limit) });
  });

  app.get('/purges', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    return c.json({ site: site.config.id, retentionDays: site.config.lifetimes.receiptRetentionDays, purges: await queries.listPurges(site.config.id, 100) });
  });

  app.get('/subjects/:subject', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    const subject = c.req.param('subject');
    c.get('touched').subjects = [subject];
    const history: StoredReceipt[] = [];
    for await (const r of queries.streamReceipts({ site: site.config.id, subject })) history.push(r);
    if (!history.length) throw new ProblemError(404, 'unknown-subject', 'Not Found', `No receipts for subject ${subject} on site "${site.config.id}".`);
    const current = history[history.length - 1]!;
    return c.json({ subject, site: site.config.id, current: { policy: current.policy, choices: current.choices, since: current.receivedAt, receipt: current.id }, history });
  });

  // Erasure on request (PIPA Art. 36, GDPR Art. 17): the person's link goes, the proof that decisions existed stays.
  app.post('/subjects/:subject/erase', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    const subject = c.req.param('subject');
    c.get('touched').subjects = [subject];
    const erased = await queries.redact({ site: site.config.id, subject }, 'erasure', clock.now().toISOString());
    if (!erased) throw new ProblemError(404, 'unknown-subject', 'Not Found', `No receipts for subject ${subject} on site "${site.config.id}".`);
    return c.json({ subject, site: site.config.id, erased });
  });

  app.post('/receipts', async (c) => {
    const body = (await readJsonBody(c)) as Record<string, unknown>;
    const { staffId, ...rest } = body ?? {};
    if (typeof staffId !== 'string' || !staffId.trim()) throw new ProblemError(422, 'invalid-receipt', 'Unprocessable Content', 'Say which staff member recorded it.', [{ path: ['staffId'], message: 'is required' }]);
    const parsed = v.safeParse(receiptRequestSchema, { ...rest, recordedBy: { staffId, tokenId: c.get('staff').tokenId } });
    if (!parsed.success) throw new ProblemError(422, 'invalid-receipt', 'Unprocessable Content', 'The receipt does not match the protocol.', fromValibot(parsed.issues));
    const site = siteOf(c, parsed.output.site);
    c.get('touched').subjects = [parsed.output.subject];
    const issues = checkAgainstSite(parsed.output, site, { staff: true });
    if (issues.length) throw new ProblemError(422, 'invalid-receipt', 'Unprocessable Content', `The receipt does not fit site "${site.config.id}".`, issues);
    const result = await deps.store.append(await signReceipt(buildReceipt(parsed.output, site, clock.now(), undefined), deps.keys), requestHash(parsed.output));
    if (result.status === 'conflict') throw new ProblemError(409, 'id-conflict', 'Conflict', `Receipt ${parsed.output.id} was already recorded with a different body.`);
    return c.json(result.receipt, result.status === 'created' ? 201 : 200);
  });

  app.get('/export', (c) => {
    const filter = filterOf(c);
    const format = c.req.query('format') ?? 'ndjson';
    const types: Record<string, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson', kantara: 'application/json' };
    if (!types[format]) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', 'format must be csv, ndjson or kantara');
    const config = sites.get(filter.site)!.config;
    c.header('Content-Type', types[format]!);
    c.header('Content-Disposition', `attachment; filename="assent-${filter.site}-${clock.now().toISOString().slice(0, 10)}.${format === 'kantara' ? 'json' : format}"`);
    c.header('Cache-Control', 'no-store');
    return stream(c, async (out) => {
      if (format === 'csv') await out.write(`${CSV_HEADER.join(',')}\r\n`);
      if (format === 'kantara') await out.write('[');
      let first = true;
      for await (const r of queries.streamReceipts(filter)) {
        if (format === 'csv') await out.write(`${csvRow(r)}\r\n`);
        else if (format === 'ndjson') await out.write(`${JSON.stringify(r)}\n`);
        else await out.write(`${first ? '' : ','}\n${JSON.stringify(toKantara(r, config))}`);
        first = false;
      }
      if (format === 'kantara') await out.write('\n]\n');
    });
  });

  app.get('/notices', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    const status = (c.req.query('status') ?? 'all') as 'pending' | 'delivered' | 'all';
    if (!['pending', 'delivered', 'all'].includes(status)) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', 'status must be pending, delivered or all');
    return c.json({ site: site.config.id, notices: await queries.listNotices(site.config.id, status) });
  });

  app.get('/reconfirmations', async (c) => {
    const site = siteOf(c, c.req.query('site'));
    const days = Number(c.req.query('days') ?? 30);
    if (!Number.isInteger(days) || days < 0 || days > 3650) throw new ProblemError(422, 'invalid-query', 'Unprocessable Content', 'days must be a whole number from 0 to 3650');
    const every = site.config.lifetimes.marketingReconfirmDays;
    const before = new Date(clock.now().getTime() - (every - days) * DAY).toISOString();
    const due = [];
    for await (const r of queries.latestPerSubjectBefore(site.config.id, before)) {
      const channels = Object.entries(r.choices.channels).filter(([, on]) => on).map(([k]) => k);
      if (channels.length) due.push({ subject: r.subject, member: r.member, receipt: r.id, consentedAt: r.receivedAt, dueAt: new Date(Date.parse(r.receivedAt) + every * DAY).toISOString(), channels });
    }
    if (c.req.query('format') === 'csv') {
      const rows = due.map((d) => [d.subject, d.member ?? '', d.receipt, d.consentedAt, d.dueAt, d.channels.join(' ')].join(','));
      return c.body(`subject,member,receipt,consentedAt,dueAt,channels\r\n${rows.map((r) => `${r}\r\n`).join('')}`, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    }
    return c.json({ site: site.config.id, days, reconfirmEveryDays: every, due });
  });
  return app;
}
