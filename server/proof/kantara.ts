import {
  inSiteOrder,
  localizedText,
  optInsOf,
  type ErasedReceipt,
  type SiteConfig,
  type StoredReceipt,
} from '../../protocol';

/**
 * A receipt in the field names of the Kantara Initiative Consent Receipt Specification v1.1, where they fit.
 * Assent's own fields (choices per category and channel, signals, notice hash, signature) ride along under
 * `assent`, so nothing the receipt proves is lost in translation.
 */
export function toKantara(receipt: StoredReceipt | ErasedReceipt, site: SiteConfig | undefined) {
  const live = 'redacted' in receipt ? undefined : receipt;
  const text = (r: Record<string, string> | undefined) =>
    localizedText(r, receipt.language, site?.defaultLanguage ?? receipt.language) ?? '';
  const purposes = inSiteOrder(
    receipt.choices.categories,
    site?.categories.map((c) => c.id),
  ).map(([id, allowed]) => ({
    purpose: text(site?.categories.find((c) => c.id === id)?.label) || id,
    purposeCategory: [id],
    consentType: site?.categories.find((c) => c.id === id)?.required ? 'NOT_REQUIRED (strictly necessary)' : 'EXPLICIT',
    piiCategory: [],
    primaryPurpose: id === 'necessary',
    termination: allowed ? 'until withdrawn or expired' : 'refused',
    thirdPartyDisclosure: false,
    consentGiven: allowed,
  }));
  const optIns = site ? optInsOf(site.channels) : [];
  const channels = inSiteOrder(
    receipt.choices.channels,
    optIns.map((c) => c.id),
  ).map(([id, allowed]) => ({
    purpose: text(optIns.find((c) => c.id === id)?.facts.purpose) || id,
    purposeCategory: [`marketing:${id}`],
    consentType: 'EXPLICIT',
    piiCategory: [text(site?.channels.find((c) => c.id === id)?.items)].filter(Boolean),
    primaryPurpose: false,
    termination: allowed ? 'until withdrawn; re-confirmed every 2 years' : 'refused',
    thirdPartyDisclosure: false,
    consentGiven: allowed,
  }));
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: site?.timezone === 'Asia/Seoul' ? 'KR' : '',
    consentTimestamp: Math.floor(Date.parse(receipt.receivedAt) / 1000),
    collectionMethod: receipt.method,
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
    services: [{ service: site ? text(site.name) : receipt.site, purposes: [...purposes, ...channels] }],
    sensitive: false,
    spiCat: [],
    assent: {
      site: receipt.site,
      policy: receipt.policy,
      action: receipt.action,
      choices: receipt.choices,
      guardian: live?.guardian,
      signals: receipt.signals,
      notice: receipt.notice,
      log: receipt.log,
      signature: live?.signature,
      redacted: 'redacted' in receipt ? receipt.redacted : undefined,
    },
  };
}
