import { REVISION, SLUG, SUBJECT } from './formats';

/**
 * The `assent` first-party cookie: the visitor's decision in a compact form the site's own server can read.
 *
 *   1.<site>.<subject>.<policy>.<revision>.<decidedAt>.<categories>.<channels>[.g]
 *
 * `site` keeps two sites on one host (e.g. the demo) from reading each other's decision.
 * `decidedAt` is seconds since 1970 in base 36; `categories` and `channels` list the *allowed* ids joined by
 * `+` (empty when none); a trailing `g` says Global Privacy Control was on. Every part is a slug, so the value
 * needs no escaping. Anything else is not a decision: parse returns undefined and the visitor is asked again.
 */
export interface ConsentState {
  site: string;
  subject: string;
  policy: string;
  revision: string;
  /** Milliseconds since 1970. */
  decidedAt: number;
  categories: string[];
  channels: string[];
  gpc: boolean;
}

export function encodeConsentCookie(s: ConsentState): string {
  const parts = [
    '1',
    s.site,
    s.subject,
    s.policy,
    s.revision,
    Math.floor(s.decidedAt / 1000).toString(36),
    s.categories.join('+'),
    s.channels.join('+'),
  ];
  if (s.gpc) parts.push('g');
  return parts.join('.');
}

export function parseConsentCookie(value: string | undefined): ConsentState | undefined {
  if (!value || value.length > 1024) return undefined;
  const p = value.split('.');
  if (p.length < 8 || p.length > 9 || p[0] !== '1' || (p.length === 9 && p[8] !== 'g')) return undefined;
  const [, site = '', subject = '', policy = '', revision = '', ts = '', cats = '', chans = ''] = p;
  const list = (s: string) => (s ? s.split('+') : []);
  const categories = list(cats);
  const channels = list(chans);
  const seconds = parseInt(ts, 36);
  if (
    !SLUG.test(site) ||
    !SUBJECT.test(subject) ||
    !SLUG.test(policy) ||
    !REVISION.test(revision) ||
    !/^[0-9a-z]{1,9}$/.test(ts) ||
    !Number.isFinite(seconds)
  )
    return undefined;
  if (![...categories, ...channels].every((id) => SLUG.test(id))) return undefined;
  return { site, subject, policy, revision, decidedAt: seconds * 1000, categories, channels, gpc: p.length === 9 };
}

/** Reads the `assent` cookie out of a `Cookie` header or `document.cookie`. */
export function readConsentCookie(cookieHeader: string | undefined, name = 'assent'): ConsentState | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return parseConsentCookie(pair.slice(eq + 1).trim());
  }
  return undefined;
}
