import { localizedText, type ErasedReceipt, type StoredReceipt } from '../../protocol';
import { consentPurposes, jurisdictionOf, type ExportSite } from './consent-purposes';

/**
 * A receipt as a consent record shaped on ISO/IEC TS 27560:2023 (consent record information structure): the record,
 * the PII principal, the controller, the notice (by hash), and one processing entry per purpose with its legal
 * basis, personal data, storage period, recipients, jurisdiction and the consent's state and event. Field names
 * follow the TS's information elements in snake case; the TS fixes no serialisation, so this is "shaped on" it,
 * not a claim of conformance. The signed Assent receipt is carried whole under `assent_receipt`.
 */
export function toIso27560(receipt: StoredReceipt | ErasedReceipt, site: ExportSite | undefined) {
  const live = 'redacted' in receipt ? undefined : receipt;
  const text = (r: Record<string, string> | undefined) =>
    localizedText(r, receipt.language, site?.defaultLanguage ?? receipt.language) ?? '';
  const jurisdiction = jurisdictionOf(site);
  const state = (p: { given: boolean; pending: boolean }) =>
    p.pending ? 'pending' : p.given ? 'given' : receipt.action === 'withdraw' ? 'withdrawn' : 'refused';
  return {
    schema_version: 'iso-iec-ts-27560:2023-shaped/assent-1',
    record_id: receipt.id,
    pii_principal_id: live?.subject ?? null,
    ...(live?.member ? { pii_principal_reference: live.member } : {}),
    ...(receipt.age ? { pii_principal_age: receipt.age === 'child' ? 'under-minimum-age' : 'adult' } : {}),
    ...(receipt.guardianCheck
      ? {
          representative: {
            name: live?.guardian?.name ?? null,
            verification: receipt.guardianCheck.status,
            method: receipt.guardianCheck.method ?? null,
            verifies_record: receipt.guardianCheck.verifies ?? null,
          },
        }
      : {}),
    pii_controller: site
      ? {
          name: text(site.controller.name),
          contact: text(site.controller.officer.name),
          email: site.controller.officer.email ?? site.controller.email ?? null,
          phone: site.controller.officer.phone ?? site.controller.phone ?? null,
        }
      : null,
    notice: { policy_version: receipt.policy, hash: receipt.notice.hash, language: receipt.notice.language },
    collection: { method: receipt.method, form: receipt.form ?? null, timestamp: receipt.receivedAt },
    processing: consentPurposes(receipt, site).map((p) => ({
      purpose_id: p.id,
      purpose: p.purpose || p.label,
      purpose_kind: p.consentKind ?? p.kind,
      legal_basis: p.basis,
      personal_data: p.items,
      sensitive: p.sensitive,
      storage_period: p.retention,
      recipients: p.recipients,
      third_party_disclosure: p.thirdParty,
      jurisdiction: p.country ? `${jurisdiction} → ${p.country}` : jurisdiction,
      consent: p.basis === 'consent' ? { state: state(p), timestamp: receipt.receivedAt } : null,
    })),
    event: { type: receipt.action, timestamp: receipt.receivedAt },
    assent_receipt: receipt,
  };
}
