import { MEMBER } from '../../protocol/formats';
import { normaliseEmail, normalisePhone, type Contacts } from '../../protocol/contacts';

/** What the page may pass to `Assent.identify`: the member reference alone, or with the person's email or phone. */
export type Identity = string | { member?: string; email?: string; phone?: string };

/**
 * The receipt fields `Assent.identify` asked for. Checked here by the collector's own rules, so one badly written
 * number never costs the visitor's decision (the collector would refuse the whole receipt): what does not pass is
 * left out and reported once. The collector keeps only keyed hashes of the contacts.
 */
export function identityFields(who: unknown, report: (e: Error) => void): { member?: string; contacts?: Contacts } {
  if (who === undefined) return {};
  const o = (typeof who === 'string' ? { member: who } : who) as Record<string, unknown> | null;
  if (!o || typeof o !== 'object')
    return (report(new Error('identify: pass a member reference or { member, email, phone }')), {});
  const out: { member?: string; contacts?: Contacts } = {};
  if (o.member !== undefined)
    if (typeof o.member === 'string' && MEMBER.test(o.member)) out.member = o.member;
    else report(new Error('identify: bad member reference'));
  const contacts: Contacts = {};
  // The collector's limits too (protocol/receipt-schema.ts: 254 and 40 characters), or it would refuse the receipt.
  for (const [kind, normalise, max] of [
    ['email', normaliseEmail, 254],
    ['phone', normalisePhone, 40],
  ] as const) {
    const value = o[kind];
    if (value === undefined || value === '') continue;
    if (typeof value === 'string' && value.trim().length <= max && typeof normalise(value) === 'string')
      contacts[kind] = value.trim();
    else report(new Error(`identify: ${kind} is not one`));
  }
  if (contacts.email || contacts.phone) out.contacts = contacts;
  return out;
}
