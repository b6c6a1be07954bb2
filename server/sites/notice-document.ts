import { canonicalJson, localizedText, type SiteConfig } from '../../protocol';

type NoticeConfig = Pick<
  SiteConfig,
  'id' | 'policies' | 'defaultLanguage' | 'controller' | 'categories' | 'channels' | 'consents' | 'forms'
>;

/**
 * Everything the widget shows for one policy version in one language: the notice sections and the texts of
 * every category, service and marketing channel, and — on a site with forms — every form consent with its facts
 * and legal basis, and the forms. Its hash is what a receipt proves the visitor saw.
 */
export function noticeDocument(config: NoticeConfig, policyId: string, language: string): string {
  const policy = config.policies.find((p) => p.id === policyId);
  if (!policy) throw new Error(`unknown policy ${policyId}`);
  const pick = <T>(texts: Readonly<Record<string, T>> | undefined) =>
    localizedText(texts, language, config.defaultLanguage);
  return canonicalJson({
    site: config.id,
    policy: policy.id,
    noticeDate: policy.noticeDate,
    effectiveDate: policy.effectiveDate,
    language,
    controller: { name: pick(config.controller.name), officer: pick(config.controller.officer.name) },
    notice: pick(policy.notice),
    categories: config.categories.map((c) => ({
      id: c.id,
      required: c.required,
      label: pick(c.label),
      description: pick(c.description),
      services: c.services.map((s) => ({
        name: s.name,
        purpose: pick(s.purpose),
        cookies: s.cookies,
        retention: pick(s.retention),
      })),
    })),
    channels: config.channels.map((ch) => ({
      id: ch.id,
      label: pick(ch.label),
      purpose: pick(ch.purpose),
      items: pick(ch.items),
      retention: pick(ch.retention),
      refusal: pick(ch.refusal),
    })),
    // Only where there are forms, so the texts (and hashes) of a site without any stay what they were.
    ...(config.consents.length
      ? {
          consents: config.consents.map((c) => ({
            id: c.id,
            kind: c.kind,
            required: c.required,
            label: pick(c.label),
            purpose: pick(c.purpose),
            items: pick(c.items),
            retention: pick(c.retention),
            refusal: pick(c.refusal),
            recipient: pick(c.recipient),
            country: pick(c.country),
            transfer: pick(c.transfer),
            basis: c.basis && { kind: c.basis.kind, text: pick(c.basis.text) },
          })),
          forms: config.forms.map((f) => ({
            id: f.id,
            title: pick(f.title),
            consents: f.consents,
            channels: f.channels,
          })),
        }
      : {}),
  });
}
