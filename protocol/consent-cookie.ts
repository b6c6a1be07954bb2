import { REVISION, SLUG, SUBJECT } from './formats';

/**
 * The `assent` first-party cookie: the visitor's decision in a compact form the site's own server can read.
 *
 *   2.<site>.<subject>.<policy>.<revision>.<decidedAt>.<categories>.<channels>[.<flags>]
 *
 * `site` keeps two sites on one host (e.g. the demo) from reading each other's decision.
 * `decidedAt` is the last cookie decision, seconds since 1970 in base 36; `categories` lists the *allowed* ids
 * joined by `+` (empty when none, `~` when the visitor has not answered the cookie question yet: a sign-up form
 * recorded marketing choices only); `channels` lists the consented channels as `<id>~<confirmedAt>` (when the
 * consent was given or last re-confirmed, base-36 seconds: the 2-year clock). The trailing flags: `g`, Global Privacy
 * Control was on; `o`, the decision was made where the visitor is asked opt-out (site config `regimes`), so where
 * they are asked opt-in it is no consent. Every part is a slug, so the value needs no escaping. Version 1 cookies (channels without dates)
 * are read with the decision time as each channel's date. Anything else is not a decision: parse returns
 * undefined and the visitor is asked again.
 */
export interface ConsentState {
  site: string;
  subject: string;
  policy: string;
  revision: string;
  /** Milliseconds since 1970: the last cookie decision (or the first decision of any kind). */
  decidedAt: number;
  /** The allowed categories; undefined when the cookie question has not been answered. */
  categories: string[] | undefined;
  channels: string[];
  /** Per consented channel: when it was given or last re-confirmed (ms since 1970). */
  confirmed: Record<string, number>;
  gpc: boolean;
  /** Made under an opt-out or notice regime: its categories were on by default, so under opt-in it is asked again. */
  optOut?: boolean;
}

const b36 = (ms: number) => Math.floor(ms / 1000).toString(36);

export function encodeConsentCookie(s: ConsentState): string {
  const parts = [
    '2',
    s.site,
    s.subject,
    s.policy,
    s.revision,
    b36(s.decidedAt),
    s.categories ? s.categories.join('+') : '~',
    s.channels.map((c) => `${c}~${b36(s.confirmed[c] ?? s.decidedAt)}`).join('+'),
  ];
  const flags = (s.gpc ? 'g' : '') + (s.optOut ? 'o' : '');
  if (flags) parts.push(flags);
  return parts.join('.');
}

const seconds = (ts: string) => (/^[0-9a-z]{1,9}$/.test(ts) ? parseInt(ts, 36) * 1000 : NaN);

export function parseConsentCookie(value: string | undefined): ConsentState | undefined {
  if (!value || value.length > 2048) return undefined;
  const p = value.split('.');
  const f = p[8] ?? '';
  if (p.length < 8 || p.length > 9 || (p[0] !== '1' && p[0] !== '2') || (p.length === 9 && !/^(g|o|go)$/.test(f)))
    return undefined;
  const [version, site = '', subject = '', policy = '', revision = '', ts = '', cats = '', chans = ''] = p;
  const list = (s: string) => (s ? s.split('+') : []);
  const decidedAt = seconds(ts);
  if (!SLUG.test(site) || !SUBJECT.test(subject) || !SLUG.test(policy) || !REVISION.test(revision)) return undefined;
  if (!Number.isFinite(decidedAt)) return undefined;
  const categories = version === '2' && cats === '~' ? undefined : list(cats);
  const channels: string[] = [];
  const confirmed: Record<string, number> = {};
  for (const item of list(chans)) {
    const [id = '', at, ...rest] = item.split('~');
    const when = version === '1' ? (at === undefined ? decidedAt : NaN) : at === undefined ? NaN : seconds(at);
    if (!SLUG.test(id) || rest.length || !Number.isFinite(when)) return undefined;
    channels.push(id);
    confirmed[id] = when;
  }
  if (categories && !categories.every((id) => SLUG.test(id))) return undefined;
  return {
    site,
    subject,
    policy,
    revision,
    decidedAt,
    categories,
    channels,
    confirmed,
    gpc: f.includes('g'),
    optOut: f.includes('o') || undefined,
  };
}

/** Reads the `assent` cookie out of a `Cookie` header or `document.cookie`. */
export function readConsentCookie(cookieHeader: string | undefined, name = 'assent'): ConsentState | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return parseConsentCookie(pair.slice(eq + 1).trim());
  }
  return undefined;
}
