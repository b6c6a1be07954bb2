import { CONSENT_COOKIE, OUTBOX_COOKIE } from '../../protocol/constants';
import { encodeConsentCookie, readConsentCookie, type ConsentState } from '../../protocol/consent-cookie';

/**
 * The consent cookie in the document's cookie string (first-party, Lax, Secure on HTTPS, lifetime from the site
 * config). The loader reads `document.cookie` once: each read is a synchronous call to the browser's cookie store.
 */
export function readState(cookie: string): ConsentState | undefined {
  return readConsentCookie(cookie, CONSENT_COOKIE);
}

const secure = (doc: Document) => (doc.location?.protocol === 'https:' ? '; Secure' : '');

/** `domain`: the site's `cookieDomain`, so its subdomains share the decision (else the cookie stays on this host). */
export function writeState(doc: Document, state: ConsentState, days: number, domain?: string): void {
  doc.cookie =
    `${CONSENT_COOKIE}=${encodeConsentCookie(state)}; Path=/; Max-Age=${days * 86_400}; SameSite=Lax${secure(doc)}` +
    (domain ? `; Domain=${domain}` : '');
}

/**
 * Whether receipts wait in this browser's outbox. A cookie rather than localStorage: a returning page reads it with
 * the decision, where the first localStorage access of a page costs milliseconds (it loads the whole storage area).
 */
export const outboxMarked = (cookie: string) => new RegExp(`(?:^|;\\s*)${OUTBOX_COOKIE}=1(?:;|$)`).test(cookie);

export function markOutbox(doc: Document, pending: boolean): void {
  try {
    if (pending === outboxMarked(doc.cookie)) return;
    // 30 days: a browser offline longer still delivers at its next decision or visit to the settings.
    doc.cookie = `${OUTBOX_COOKIE}=${pending ? '1; Max-Age=2592000' : '; Max-Age=0'}; Path=/; SameSite=Lax${secure(doc)}`;
  } catch {
    // cookies disabled (a sandboxed frame): receipts still go out from this page
  }
}

/** Deletes cookies matching the site's patterns (`name` or `prefix_*`) on this host and its parent domains. */
export function deleteCookies(doc: Document, patterns: readonly string[]): string[] {
  const names = doc.cookie
    .split(';')
    .map((p) => p.split('=')[0]!.trim())
    .filter((name) => name && patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p)));
  const host = doc.location?.hostname ?? '';
  const domains = [
    '',
    ...host
      .split('.')
      .map((_, i, parts) => `; Domain=.${parts.slice(i).join('.')}`)
      .slice(0, -1),
  ];
  for (const name of names) for (const domain of domains) doc.cookie = `${name}=; Path=/; Max-Age=0${domain}`;
  return names;
}
