/**
 * The email address or phone number a page (or staff) gives to find a person again later. The collector keeps only
 * a keyed hash of the normalised value, so the same contact written three ways finds the same person and the
 * database alone cannot be searched for a number. The rules, written once: the collector hashes what the widget
 * and the staff API send, and the dashboard says what a typed search was read as.
 */

export type ContactKind = 'email' | 'phone';
export type Contacts = { email?: string; phone?: string };

/**
 * An email address in lower case, trimmed: providers treat the local part case-insensitively in practice, and a
 * clinic's staff type it as the patient spells it. Nothing provider-specific (Gmail's dots) is undone.
 */
export function normaliseEmail(value: string): string | { error: string } {
  // One spelling per address: Unicode composed (NFC), invisible characters dropped, then lower case.
  const email = value.normalize('NFC').replace(INVISIBLE, '').trim().toLowerCase();
  if (email.length > 254) return { error: 'is longer than 254 characters' };
  if (!/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email)) return { error: 'is not an email address (name@domain)' };
  return email;
}

/** Zero-width spaces and joiners, the byte-order mark: invisible when typed or pasted, different when hashed. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * A phone number in E.164 (`+821012345678`). Spaces, hyphens, dots and brackets are dropped; a number with a
 * leading `+` (or `00`) is international; a Korean number written `82 10 …` or `+82 (0)10 …` loses the trunk 0; a
 * number starting with 0 is read as Korean (the clinics Assent is for): `010-1234-5678` is `+821012345678`.
 */
export function normalisePhone(value: string): string | { error: string } {
  // Full-width digits and the many dashes people paste (‐ ‑ ‒ – — −) read as the plain ones.
  const compact = value
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .trim()
    .replace(/[\s().\-‐‑‒–—−/]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { error: 'may hold only digits, spaces, "-", ".", brackets and a leading "+"' };
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (compact.startsWith('0')) digits = `82${compact.slice(1)}`;
  else if (/^82(?:0?1\d{8,9})$/.test(compact)) digits = compact;
  else return { error: 'needs a leading "+" and country code, or a Korean number starting with 0' };
  if (digits.startsWith('0')) return { error: 'has no country code after "+" (none starts with 0)' };
  // The trunk 0 some write after the country code: +82 (0)10 …
  if (digits.startsWith('820')) digits = `82${digits.slice(3)}`;
  if (digits.length < 8 || digits.length > 15)
    return { error: 'is not a phone number (8–15 digits with the country code)' };
  if (digits.startsWith('82') && !/^82\d{8,10}$/.test(digits)) return { error: 'is not a Korean phone number' };
  // A Korean mobile number (010 …) has 8 digits after its prefix.
  if (/^821[016789]/.test(digits) && digits.length !== 12 && !/^821[16789]\d{7}$/.test(digits))
    return { error: 'is not a Korean mobile number (010 and 8 digits)' };
  return `+${digits}`;
}

/** The value a contact's keyed hash is made of: its kind and its normalised form. */
export function contactValue(kind: ContactKind, value: string): string | { error: string } {
  const normal = kind === 'email' ? normaliseEmail(value) : normalisePhone(value);
  return typeof normal === 'string' ? `${kind}:${normal}` : normal;
}

/** What a search box's text is: an email address if it has an "@", a phone number if it is digits and punctuation. */
export function contactKindOf(query: string): ContactKind | undefined {
  const q = query.trim();
  if (q.includes('@')) return 'email';
  if (/^\+?[\d\s().\-‐‑‒–—−/]{8,40}$/.test(q.normalize('NFKC')) && (q.match(/\d/g) ?? []).length >= 8) return 'phone';
  return undefined;
}
