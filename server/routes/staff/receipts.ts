import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { type StaffReceiptDetail, type StaffReceiptPage } from '../../../protocol';
import { readJsonBody } from '../../middleware/json-body';
import { ProblemError } from '../../middleware/problem';
import { toIso27560 } from '../../proof/iso27560';
import { toKantara } from '../../proof/kantara';
import { verifyReceipt } from '../../proof/receipt-proof';
import { parseReceiptRequest, recordReceipt } from '../../receipts/record-receipt';
import { CSV_RECEIPT_HEADER, csvLine, csvReceipt } from '../../staff/csv';
import { filterOf, invalidQuery, limitOf, siteOf, type StaffDeps, type StaffEnv } from './context';

/** Receipts for the officer: pages of a filter, one with its signature and notice, a decision made elsewhere, exports. */
export function staffReceiptRoutes(deps: StaffDeps) {
  const { staff: queries, sites, clock } = deps;
  const app = new Hono<StaffEnv>();

  app.get('/receipts', async (c) => {
    const filter = filterOf(deps, c);
    const limit = limitOf(c, 100, 1000);
    const rows = await queries.listReceipts(filter, limit + 1);
    const page = rows.slice(0, limit);
    const next = rows.length > limit ? Buffer.from(String(page[page.length - 1]!.seq)).toString('base64url') : null;
    return c.json({ items: page.map((r) => r.receipt), nextCursor: next } satisfies StaffReceiptPage);
  });

  // One receipt for the dashboard: whether its signature holds, and the exact notice text the visitor saw.
  app.get('/receipts/:id', async (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const receipt = await deps.store.get(c.req.param('id'));
    if (!receipt || receipt.site !== site.config.id)
      throw new ProblemError(
        404,
        'unknown-receipt',
        'Not Found',
        `No receipt ${c.req.param('id')} on site "${site.config.id}".`,
      );
    if ('subject' in receipt) c.get('touched').subjects = [receipt.subject];
    const signature =
      'redacted' in receipt
        ? {
            ok: false as const,
            reason: 'erased: the signed content went with the person; the log keeps its commitment',
          }
        : await verifyReceipt(receipt, deps.keys.jwks);
    return c.json({
      receipt,
      signature,
      notice: (await deps.store.getNoticeText(receipt.notice.hash)) ?? null,
    } satisfies StaffReceiptDetail);
  });

  // A decision taken by phone, in writing, in person or by fax: the same rules as the widget's, signed with who recorded it.
  app.post('/receipts', async (c) => {
    const body = (await readJsonBody(c)) as Record<string, unknown>;
    const { staffId, ...rest } =
      body && typeof body === 'object' && !Array.isArray(body) ? body : ({} as Record<string, unknown>);
    if (typeof staffId !== 'string' || !staffId.trim())
      throw new ProblemError(422, 'invalid-receipt', 'Unprocessable Content', 'Say which staff member recorded it.', [
        { path: ['staffId'], message: 'is required' },
      ]);
    const request = parseReceiptRequest({ ...rest, recordedBy: { staffId, tokenId: c.get('staff').tokenId } });
    const site = siteOf(deps, c, request.site);
    c.get('touched').subjects = [request.subject];
    const result = await recordReceipt(deps, request, site, { staff: true });
    return c.json(result.receipt, result.status === 'created' ? 201 : 200);
  });

  app.get('/export', (c) => {
    const filter = filterOf(deps, c);
    const format = c.req.query('format') ?? 'ndjson';
    const types: Record<string, string> = {
      csv: 'text/csv; charset=utf-8',
      ndjson: 'application/x-ndjson',
      kantara: 'application/json',
      iso27560: 'application/json',
    };
    if (!types[format]) throw invalidQuery('format must be csv, ndjson, kantara or iso27560');
    const toJson = format === 'iso27560' ? toIso27560 : toKantara;
    const extension = types[format] === 'application/json' ? `${format}.json` : format;
    const config = sites.get(filter.site)!.config;
    c.header('Content-Type', types[format]!);
    c.header(
      'Content-Disposition',
      `attachment; filename="assent-${filter.site}-${clock.now().toISOString().slice(0, 10)}.${extension}"`,
    );
    c.header('Cache-Control', 'no-store');
    return stream(c, async (out) => {
      if (format === 'csv') await out.write(csvLine(CSV_RECEIPT_HEADER));
      const array = types[format] === 'application/json';
      if (array) await out.write('[');
      let first = true;
      for await (const r of queries.streamReceipts(filter)) {
        if (format === 'csv') await out.write(csvReceipt(r));
        else if (format === 'ndjson') await out.write(`${JSON.stringify(r)}\n`);
        else {
          // Each receipt with the texts of the config revision it was made under.
          const shown = sites.revision(filter.site, r.configRevision)?.config ?? config;
          await out.write(`${first ? '' : ','}\n${JSON.stringify(toJson(r, shown))}`);
        }
        first = false;
      }
      if (array) await out.write('\n]\n');
    });
  });
  return app;
}
