import {
  SERVICE_CATALOGUE,
  type Finding,
  type FindingKind,
  type Phase,
  type PublicSiteConfig,
  type ScanRow,
} from '../../protocol';

export { FINDING_KINDS, PHASES, type Finding, type FindingKind, type Phase, type ScanRow } from '../../protocol';

/** A cookie or a storage key the browser held at the end of a visit, and who set it if that could be seen. */
export interface SeenItem {
  phase: Phase;
  kind: 'cookie' | 'localStorage' | 'indexedDB';
  name: string;
  /** The cookie's domain; the page's host for storage. */
  domain: string;
  /** The script or response that set it (a cookie written by a script, or a Set-Cookie header). */
  setter?: string;
  page: string;
}
/** A request to another site's host. */
export interface SeenRequest {
  phase: Phase;
  host: string;
  url: string;
  page: string;
}
export interface Observations {
  url: string;
  /** The page's Assent script (`…/assent.js?site=…`): where its collector is and which site it is. */
  loader?: string;
  pages: string[];
  items: SeenItem[];
  requests: SeenRequest[];
}

const matches = (pattern: string, name: string) =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;

/**
 * What the scan saw, measured against the site config and the catalogue: each cookie, storage key and request
 * named (its category and service, by the config's declarations, else a catalogue guess), and what is wrong — set
 * before any choice or after a refusal though not strictly necessary, not declared, or declared and never seen.
 */
export function scanFindings(obs: Observations, config: PublicSiteConfig): { rows: ScanRow[]; findings: Finding[] } {
  const declared = config.categories.flatMap((c) =>
    c.services.flatMap((s) =>
      s.cookies.map((pattern) => ({
        pattern,
        category: c.id,
        required: c.required,
        service: s.name,
        own: s.catalogue === 'assent',
      })),
    ),
  );
  const guess = (name: string) =>
    Object.entries(SERVICE_CATALOGUE).find(([, e]) => (e.cookies as readonly string[]).some((p) => matches(p, name)));
  const byHost = (host: string) =>
    Object.entries(SERVICE_CATALOGUE).find(([, e]) =>
      (e.hosts as readonly string[]).some((h) => host === h || host.endsWith(`.${h}`)),
    );
  const rows = new Map<string, ScanRow>();
  const findings: Finding[] = [];
  const found = (kind: FindingKind, what: string, detail: string) => {
    if (!findings.some((f) => f.kind === kind && f.what === what)) findings.push({ kind, what, detail });
  };
  for (const item of obs.items) {
    const d = declared.find((x) => matches(x.pattern, item.name));
    const key = `${item.kind}\n${item.name}\n${item.domain}`;
    const row = rows.get(key) ?? {
      kind: item.kind,
      name: item.name,
      domain: item.domain,
      phases: [],
      ...(d ? { category: d.category, service: d.service } : {}),
      ...(item.setter ? { setter: item.setter } : {}),
    };
    if (!row.phases.includes(item.phase)) row.phases.push(item.phase);
    rows.set(key, row);
    const what = `${item.kind} ${item.name} (${item.domain})`;
    if (!d) {
      const g = guess(item.name);
      found('undeclared', what, `not in the site config${g ? `: looks like ${g[1].name} (catalogue "${g[0]}")` : ''}`);
    }
    if (d?.required) continue;
    if (item.phase === 'before')
      found('before-consent', what, `set before any choice${item.setter ? ` by ${item.setter}` : ''}`);
    if (item.phase === 'reject')
      found('after-refusal', what, `set after "reject all"${item.setter ? ` by ${item.setter}` : ''}`);
  }
  // A host of a service the site declares takes the site's category; one of another catalogued service is undeclared.
  const hostOf = (host: string) => {
    const known = byHost(host);
    if (!known) return undefined;
    const category = config.categories.find((c) => c.services.some((s) => s.catalogue === known[0]));
    const service = category?.services.find((s) => s.catalogue === known[0]);
    return { id: known[0], name: service?.name ?? known[1].name, category, fallback: known[1].category };
  };
  // The collector's own calls (the widget's files, its receipts) are Assent's, not another site's.
  const own = obs.loader && URL.canParse(obs.loader) && new URL(obs.loader).hostname;
  for (const r of obs.requests.filter((x) => x.host !== own)) {
    const service = hostOf(r.host);
    const key = `request\n${r.host}`;
    const row = rows.get(key) ?? {
      kind: 'request' as const,
      name: r.host,
      domain: r.host,
      phases: [],
      ...(service?.category ? { service: service.name, category: service.category.id } : {}),
    };
    if (!row.phases.includes(r.phase)) row.phases.push(r.phase);
    rows.set(key, row);
    const what = `request to ${r.host}`;
    if (service && !service.category)
      found('undeclared', what, `looks like ${service.name} (catalogue "${service.id}"), which the site config lacks`);
    // A host nobody catalogued may be a CDN, but it still receives the visitor's IP address before any choice.
    const optional = service?.category ? !service.category.required : service?.fallback !== 'necessary';
    const who = service ? `${service.name}` : 'not in the catalogue: it receives the IP address';
    if (r.phase === 'before' && optional) found('before-consent', what, `called before any choice (${who}; ${r.url})`);
    if (r.phase === 'reject' && service && optional)
      found('after-refusal', what, `called after "reject all" (${who}; ${r.url})`);
  }
  // Every pattern declared for a service (Assent's own aside: `assent_outbox` and `assent_outbox_*` exist only while
  // receipts wait).
  for (const d of declared)
    if (!d.own && !obs.items.some((i) => matches(d.pattern, i.name)))
      found(
        'declared-unseen',
        `cookie or storage key ${d.pattern}`,
        `declared for ${d.service} (${d.category}) and never seen`,
      );
  return { rows: [...rows.values()], findings };
}
