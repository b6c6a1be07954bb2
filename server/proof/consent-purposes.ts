import {
  inSiteOrder,
  localizedText,
  optInsOf,
  sharesData,
  type ErasedReceipt,
  type SiteConfig,
  type StoredReceipt,
} from '../../protocol';

/** One thing a receipt decided or told, with the facts the notice gave for it: what the exports are made of. */
export interface ConsentPurpose {
  id: string;
  /** A cookie category, a marketing opt-in, a form's consent, or processing the form told about (no consent). */
  kind: 'cookies' | 'marketing' | 'consent' | 'notice';
  /** The form consent's kind (collection, sensitive, unique-id, third-party, overseas, other-purpose). */
  consentKind?: string;
  label: string;
  purpose: string;
  items: string[];
  retention: string;
  recipients: string[];
  country?: string;
  thirdParty: boolean;
  sensitive: boolean;
  /** `consent`, or the legal basis of processing without consent (strictly necessary cookies, the law…). */
  basis: string;
  /** What was chosen (a legal-basis notice: told, so `true`). */
  given: boolean;
  /** Chosen by a child whose guardian is not verified yet: not in effect (PIPA Art. 22-2). */
  pending: boolean;
}

/** The config a receipt's texts come from: the revision it was made under (the public part is enough). */
export type ExportSite = Omit<SiteConfig, 'origins' | 'webhooks'>;

/** Everything a receipt decided, in the site's order, with the texts in the language the visitor saw. */
export function consentPurposes(
  receipt: StoredReceipt | ErasedReceipt,
  site: ExportSite | undefined,
): ConsentPurpose[] {
  const text = (r: Record<string, string> | undefined) =>
    localizedText(r, receipt.language, site?.defaultLanguage ?? receipt.language) ?? '';
  const waiting = receipt.guardianCheck?.status === 'pending';
  const optOut = !!receipt.signals.regime && receipt.signals.regime !== 'opt-in';
  const categories = inSiteOrder(
    receipt.choices.categories,
    site?.categories.map((c) => c.id),
  ).map(([id, given]): ConsentPurpose => {
    const c = site?.categories.find((x) => x.id === id);
    const providers = [...new Set((c?.services ?? []).map((s) => s.provider ?? s.name))];
    return {
      id,
      kind: 'cookies',
      label: text(c?.label) || id,
      purpose: text(c?.description),
      items: (c?.services ?? []).flatMap((s) => s.cookies),
      retention: (c?.services ?? []).map((s) => `${s.name}: ${text(s.retention)}`).join('; '),
      recipients: c?.thirdParty ? providers : [],
      thirdParty: !!c?.thirdParty,
      sensitive: false,
      // Under an opt-out or notice regime an optional category on is one the visitor did not object to: no consent.
      basis: c?.required ? 'strictly-necessary' : optOut ? 'opt-out' : 'consent',
      given,
      pending: waiting && given && !c?.required,
    };
  });
  const optIns = site ? optInsOf(site.channels) : [];
  const channels = inSiteOrder(
    receipt.choices.channels,
    optIns.map((c) => c.id),
  ).map(([id, given]): ConsentPurpose => {
    const o = optIns.find((x) => x.id === id);
    return {
      id,
      kind: 'marketing',
      label: text(o?.facts.label) || id,
      purpose: text(o?.facts.purpose),
      items: [text(o?.facts.items)].filter(Boolean),
      retention: text(o?.facts.retention),
      recipients: [],
      thirdParty: false,
      sensitive: false,
      basis: 'consent',
      given,
      pending: waiting && given,
    };
  });
  const form = site?.forms.find((f) => f.id === receipt.form);
  const asked = Object.entries(receipt.choices.consents ?? {});
  const consents = (form?.consents ?? asked.map(([id]) => id)).flatMap((id): ConsentPurpose[] => {
    const c = site?.consents.find((x) => x.id === id);
    const given = receipt.choices.consents?.[id];
    if (!c?.basis && given === undefined) return [];
    return [
      {
        id,
        kind: c?.basis ? 'notice' : 'consent',
        consentKind: c?.kind,
        label: text(c?.label) || id,
        purpose: text(c?.purpose),
        items: [text(c?.items)].filter(Boolean),
        retention: text(c?.retention),
        recipients: [text(c?.recipient)].filter(Boolean),
        ...(c?.country ? { country: text(c.country) } : {}),
        thirdParty: !!c && sharesData(c),
        sensitive: c?.kind === 'sensitive' || c?.kind === 'unique-id',
        basis: c?.basis ? c.basis.kind : 'consent',
        given: c?.basis ? true : !!given,
        pending: waiting && !c?.basis && !!given,
      },
    ];
  });
  return [...categories, ...channels, ...consents];
}

/** The country whose law the site's notices follow: the config's, else its time zone's (Asia/Seoul: KR). */
export const jurisdictionOf = (site: ExportSite | undefined) =>
  site?.jurisdiction ?? (site?.timezone === 'Asia/Seoul' ? 'KR' : '');
