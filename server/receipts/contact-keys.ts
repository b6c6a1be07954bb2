import { contactValue, type FieldIssue, type KeptRequest, type ReceiptRequest } from '../../protocol';
import type { KeyRing } from '../proof/key-ring';

/** Why a request's contacts cannot be kept: each field that does not normalise (protocol/contacts.ts). */
export function contactIssues(req: ReceiptRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const kind of ['email', 'phone'] as const) {
    const value = req.contacts?.[kind];
    if (value === undefined) continue;
    const normal = contactValue(kind, value);
    if (typeof normal !== 'string') issues.push({ path: ['contacts', kind], message: normal.error });
  }
  if (req.contacts && !req.contacts.email && !req.contacts.phone)
    issues.push({ path: ['contacts'], message: 'must give an email or a phone number, or be left out' });
  return issues;
}

/**
 * The request as the collector keeps it: the contacts replaced by their keyed hashes (email first), so the values
 * are never stored, signed or hashed in the clear. Call after `contactIssues` found nothing.
 */
export function keepRequest(req: ReceiptRequest, keys: Pick<KeyRing, 'lookupHash'>): KeptRequest {
  const { contacts, ...kept } = req;
  if (!contacts) return kept;
  const contactKeys = (['email', 'phone'] as const).flatMap((kind) => {
    const value = contacts[kind];
    const normal = value === undefined ? undefined : contactValue(kind, value);
    return typeof normal === 'string' ? [keys.lookupHash(req.site, normal)] : [];
  });
  return contactKeys.length ? { ...kept, contactKeys } : kept;
}
