import { CONSENT_COOKIE } from '../../protocol/constants';
import { encodeConsentCookie, readConsentCookie, type ConsentState } from '../../protocol/consent-cookie';

/** The consent cookie on this document: first-party, Lax, Secure on HTTPS, lifetime from the site config. */
export function readState(doc: Document): ConsentState | undefined {
  return readConsentCookie(doc.cookie, CONSENT_COOKIE);
}

export function writeState(doc: Document, state: ConsentState, days: number): void {
  const secure = doc.location?.protocol === 'https:' ? '; Secure' : '';
  doc.cookie = `${CONSENT_COOKIE}=${encodeConsentCookie(state)}; Path=/; Max-Age=${days * 86_400}; SameSite=Lax${secure}`;
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
