import {
  MEMBER,
  choiceChannels,
  contactKindOf,
  contactValue,
  reconfirmDueAt,
  type StaffContactSearch,
  type StaffErasure,
  type StaffSubject,
} from '../../../protocol';
import { Hono } from 'hono';
import { readJsonBody } from '../../middleware/json-body';
import { ProblemError } from '../../middleware/problem';
import { verifyReceipt } from '../../proof/receipt-proof';
import { subjectExportPage, type ExportedReceipt } from '../../proof/subject-export';
import type { ListedReceipt } from '../../store/staff-queries';
import { invalidQuery, siteOf, type StaffDeps, type StaffEnv } from './context';

/** A subject's history and current state; erasure on request (PIPA Art. 36, GDPR Art. 17). */
export function staffSubjectRoutes(deps: StaffDeps) {
  const { staff: queries, clock, keys } = deps;
  const app = new Hono<StaffEnv>();
  /** Each subject found with its latest decision, newest first. */
  const withLatest = async (site: string, found: { subject: string; receipt: string }[]) => {
    const subjects: StaffContactSearch['subjects'] = [];
    for (const f of found) {
      const latest = await queries.currentReceipt(site, f.subject);
      if (latest)
        subjects.push({ ...f, latest: { id: latest.id, action: latest.action, receivedAt: latest.receivedAt } });
    }
    return subjects.sort((a, b) => b.latest.receivedAt.localeCompare(a.latest.receivedAt));
  };

  // The patient who phones: their number or email, however written, hashed as the collector hashed it when kept.
  // A POST, so the number is in no URL (a proxy's access log keeps URLs).
  app.post('/subjects/search', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const body = (await readJsonBody(c)) as { contact?: unknown; member?: unknown } | null;
    const typed = typeof body?.contact === 'string' ? body.contact : '';
    const touched = c.get('touched');
    // A member reference (a chart number): in the body too, never in a URL.
    if (body?.member !== undefined) {
      if (typeof body.member !== 'string' || !MEMBER.test(body.member))
        throw invalidQuery('member must be a member reference (8 to 128 letters, digits and _:.=+/-)');
      touched.memberKey = keys.lookupHash(site.config.id, body.member);
      const subjects = await withLatest(site.config.id, await queries.subjectsByMember(site.config.id, body.member));
      touched.subjects = subjects.map((s) => s.subject);
      return c.json({ subjects } satisfies StaffContactSearch);
    }
    // A refused search is logged too, as the keyed hash of what was typed (never the text).
    if (typed) touched.contactKey = keys.lookupHash(site.config.id, typed);
    const kind = contactKindOf(typed);
    if (!kind) throw invalidQuery('contact must be an email address or a phone number');
    const value = contactValue(kind, typed);
    if (typeof value !== 'string') throw invalidQuery(`contact: the ${kind} ${value.error}`);
    touched.contactKey = keys.lookupHash(site.config.id, value);
    const subjects = await withLatest(
      site.config.id,
      await queries.subjectsByContact(site.config.id, keys.lookupHashes(site.config.id, value)),
    );
    touched.subjects = subjects.map((s) => s.subject);
    return c.json({
      contact: { kind, normalised: value.slice(kind.length + 1) },
      subjects,
    } satisfies StaffContactSearch);
  });

  app.get('/subjects/:subject', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const subject = c.req.param('subject');
    c.get('touched').subjects = [subject];
    const history: ListedReceipt[] = [];
    for await (const r of queries.streamReceipts({ site: site.config.id, subject })) history.push(r);
    if (!history.length)
      throw new ProblemError(
        404,
        'unknown-subject',
        'Not Found',
        `No receipts for subject ${subject} on site "${site.config.id}".`,
      );
    const current = history[history.length - 1]!;
    const cookies = [...history].reverse().find((r) => r.choices.categories)?.choices.categories;
    const state = await deps.store.channels(site.config.id, subject);
    const every = site.config.lifetimes.marketingReconfirmDays;
    const channels = Object.fromEntries(
      choiceChannels(site.config.channels).map((ch) => [ch.id, !!state[ch.id]?.granted]),
    );
    return c.json({
      subject,
      site: site.config.id,
      current: {
        policy: current.policy,
        choices: { ...(cookies ? { categories: cookies } : {}), channels },
        since: current.receivedAt,
        receipt: current.id,
      },
      channels: Object.entries(state).map(([channel, s]) => ({
        channel,
        granted: s.granted,
        ...(s.consentedAt ? { consentedAt: s.consentedAt } : {}),
        ...(s.confirmedAt ? { confirmedAt: s.confirmedAt } : {}),
        ...(s.granted ? { dueAt: reconfirmDueAt(s, every) } : {}),
      })),
      history,
    } satisfies StaffSubject);
  });

  // The person's access request (PIPA Art. 35, GDPR Art. 15): all their receipts and the notices they saw, as a
  // printable page in their language or as JSON.
  app.get('/subjects/:subject/export', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const subject = c.req.param('subject');
    const format = c.req.query('format') ?? 'html';
    if (format !== 'html' && format !== 'json') throw invalidQuery('format must be html or json');
    c.get('touched').subjects = [subject];
    const receipts: ExportedReceipt[] = [];
    for await (const r of queries.streamReceipts({ site: site.config.id, subject })) {
      if ('redacted' in r) continue;
      const text = await deps.store.getNoticeText(r.notice.hash);
      receipts.push({
        receipt: r,
        notice: text ? { hash: r.notice.hash, language: text.language, text: text.text } : null,
      });
    }
    if (!receipts.length)
      throw new ProblemError(
        404,
        'unknown-subject',
        'Not Found',
        `No receipts for subject ${subject} on site "${site.config.id}".`,
      );
    const asked = c.req.query('lang');
    const language = asked && site.config.languages.includes(asked) ? asked : receipts.at(-1)!.receipt.language;
    const now = clock.now();
    const file = `assent-${site.config.id}-${subject}-${now.toISOString().slice(0, 10)}`;
    if (format === 'json') {
      const signed = await Promise.all(
        receipts.map(async (x) => ({ ...x, signature: await verifyReceipt(x.receipt, keys.jwks) })),
      );
      c.header('Content-Disposition', `attachment; filename="${file}.json"`);
      c.header('Cache-Control', 'no-store');
      return c.json({ site: site.config.id, subject, exportedAt: now.toISOString(), language, receipts: signed });
    }
    c.header('Content-Disposition', `inline; filename="${file}.html"`);
    c.header('Cache-Control', 'no-store');
    return c.html(await subjectExportPage(subject, receipts, site.config, keys.jwks, language, now));
  });

  // The person's link goes — from the receipts, the result notices and the database files — the proof that decisions existed stays.
  app.post('/subjects/:subject/erase', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const subject = c.req.param('subject');
    c.get('touched').subjects = [subject];
    const erased = await queries.redact(
      { site: site.config.id, subject },
      'erasure',
      clock.now().toISOString(),
      keys.lookupHash(site.config.id, subject),
    );
    if (!erased)
      throw new ProblemError(
        404,
        'unknown-subject',
        'Not Found',
        `No receipts for subject ${subject} on site "${site.config.id}".`,
      );
    // `gone`: nothing of the person is left in the database files; `pending`: the store is still at it (docs/proof.md).
    const scrubbed = await deps.store.scrub?.();
    return c.json({
      subject,
      site: site.config.id,
      erased,
      onDisk: scrubbed === false ? 'pending' : 'gone',
    } satisfies StaffErasure);
  });
  return app;
}
