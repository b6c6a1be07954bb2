import { localizedText, type ErasedReceipt, type StoredReceipt } from '../../protocol';
import { consentPurposes, jurisdictionOf, type ExportSite } from './consent-purposes';

/**
 * A receipt in the field names of the Kantara Initiative Consent Receipt Specification v1.1, where they fit: each
 * cookie category, marketing opt-in and form consent a purpose with its items, its third parties and whether it was
 * given; processing without consent (strictly necessary cookies, what a law requires) with its basis; `sensitive`
 * and `spiCat` from the form's sensitive-data and unique-identifier consents. Assent's own fields (choices, signals,
 * notice hash, signature) ride along under `assent`, so nothing the receipt proves is lost in translation.
 */
export function toKantara(receipt: StoredReceipt | ErasedReceipt, site: ExportSite | undefined) {
  const live = 'redacted' in receipt ? undefined : receipt;
  const text = (r: Record<string, string> | undefined) =>
    localizedText(r, receipt.language, site?.defaultLanguage ?? receipt.language) ?? '';
  const all = consentPurposes(receipt, site);
  const purposes = all.map((p) => ({
    purpose: p.purpose || p.label,
    purposeCategory: [
      p.kind === 'marketing' ? `marketing:${p.id}` : p.kind === 'consent' ? `${p.consentKind}:${p.id}` : p.id,
    ],
    consentType: p.basis === 'consent' ? 'EXPLICIT' : `NOT_REQUIRED (${p.basis})`,
    piiCategory: p.items,
    primaryPurpose: p.basis !== 'consent' || p.consentKind === 'collection',
    termination: p.pending
      ? 'pending: the guardian is not verified yet'
      : p.given
        ? p.retention || 'until withdrawn'
        : 'refused',
    thirdPartyDisclosure: p.thirdParty,
    ...(p.recipients.length ? { thirdPartyName: p.recipients.join('; ') } : {}),
    consentGiven: p.given && !p.pending && p.basis !== 'opt-out',
  }));
  const sensitive = all.filter((p) => p.sensitive && p.given && !p.pending);
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: jurisdictionOf(site),
    consentTimestamp: Math.floor(Date.parse(receipt.receivedAt) / 1000),
    collectionMethod: receipt.form ? `${receipt.method}:form:${receipt.form}` : receipt.method,
    consentReceiptID: receipt.id,
    language: receipt.language,
    piiPrincipalId: live?.subject ?? '',
    piiControllers: site
      ? [
          {
            piiController: text(site.controller.name),
            contact: text(site.controller.officer.name),
            address: text(site.controller.address),
            email: site.controller.officer.email ?? site.controller.email ?? '',
            phone: site.controller.officer.phone ?? site.controller.phone ?? '',
          },
        ]
      : [],
    policyUrl: '',
    services: [{ service: site ? text(site.name) : receipt.site, purposes }],
    sensitive: sensitive.length > 0,
    spiCat: sensitive.flatMap((p) => p.items),
    assent: {
      site: receipt.site,
      policy: receipt.policy,
      action: receipt.action,
      form: receipt.form,
      choices: receipt.choices,
      age: receipt.age,
      guardian: live?.guardian,
      guardianCheck: receipt.guardianCheck,
      signals: receipt.signals,
      notice: receipt.notice,
      log: receipt.log,
      signature: live?.signature,
      redacted: 'redacted' in receipt ? receipt.redacted : undefined,
    },
  };
}
