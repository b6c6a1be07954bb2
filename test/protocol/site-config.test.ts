import { describe, expect, it } from 'vitest';
import {
  optInsOf,
  parseSiteConfig,
  policyInForce,
  toJsonPath,
  toLoaderSite,
  toPublicConfig,
  type SiteConfig,
} from '../../protocol';
import { WIDGET_LANGUAGES } from '../../protocol/constants';
import { pickLanguage } from '../../widget/core/language';
import { BUILT_IN } from '../../widget/i18n';
import { DEMO_SITES_DIR, demoSiteFiles } from '../helpers/collector';

const leepeem = () => JSON.parse(demoSiteFiles().find((f) => f.name === 'leepeem.json')!.text);

function issuesOf(config: unknown) {
  const result = parseSiteConfig(config);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.issues.map((i) => `${toJsonPath(i.path)} ${i.message}`);
}

describe('site config schema', () => {
  it(`accepts both demo configs in ${DEMO_SITES_DIR}`, () => {
    for (const file of demoSiteFiles()) expect(parseSiteConfig(JSON.parse(file.text)).ok, file.name).toBe(true);
  });

  it('fills defaults: IP handling none, lifetimes, children off', () => {
    const c = leepeem();
    delete c.ip;
    delete c.lifetimes;
    delete c.children;
    const result = parseSiteConfig(c);
    expect(result.ok && result.value.ip).toBe('none');
    expect(result.ok && result.value.lifetimes).toEqual({
      consentDays: 365,
      marketingReconfirmDays: 730,
      receiptRetentionDays: 1825,
    });
    expect(result.ok && result.value.children.enabled).toBe(false);
  });

  it('names the path of a wrong type and of an unknown field', () => {
    const c = leepeem();
    c.categories[1].required = 'yes';
    c.colour = 'red';
    const issues = issuesOf(c);
    expect(issues).toContain('$.colour is not a known field');
    expect(issues.some((i) => i.startsWith('$.categories[1].required must be boolean'))).toBe(true);
  });

  it('rejects an origin with a path, a bad date and an unknown channel', () => {
    const c = leepeem();
    c.origins = ['https://example.com/clinic'];
    c.policies[0].effectiveDate = '2025-02-31';
    c.channels[0].medium = 'pigeon';
    const issues = issuesOf(c);
    expect(issues.some((i) => i.startsWith('$.origins[0] must be an origin'))).toBe(true);
    expect(issues.some((i) => i.startsWith('$.policies[0].effectiveDate must be a date'))).toBe(true);
    expect(issues.some((i) => i.startsWith('$.channels[0].medium'))).toBe(true);
  });

  it('ties fields together: default language, duplicate ids, required category, night rules, dates', () => {
    const c = leepeem();
    c.defaultLanguage = 'ja';
    c.categories[2].id = 'analytics';
    c.categories[0].required = false;
    c.channels[0].night = { label: { ko: '야간 이메일', en: 'Email at night' } };
    c.channels.push({ ...c.channels[0], id: 'sms_night', medium: 'sms', night: undefined });
    c.policies[0].effectiveDate = '2025-01-01';
    expect(issuesOf(c)).toEqual(
      expect.arrayContaining([
        '$.defaultLanguage must be one of languages (ko, en)',
        '$.categories[2].id is used by another category',
        '$.categories must include one required category (strictly necessary cookies)',
        '$.channels[0].night email has no night-time rule (ICN Act Enforcement Decree Art. 61(3))',
        '$.channels[2].id is the choice key of a night-time refinement: write it as "night" of its channel',
        '$.policies[0].effectiveDate must not be before noticeDate (2025-02-01)',
      ]),
    );
  });

  it('refuses a policy change announced less than policyNoticeDays (default 7) before it takes effect', () => {
    const c = leepeem();
    c.policies[1].noticeDate = '2027-05-31';
    expect(issuesOf(c)).toContain(
      '$.policies[1].effectiveDate takes effect 1 day(s) after its notice date (2027-05-31): a change must be ' +
        'announced at least 7 days before (policyNoticeDays)',
    );
    c.policies[1].noticeDate = '2027-05-25';
    expect(parseSiteConfig(c).ok).toBe(true);
    c.policyNoticeDays = 30;
    expect(issuesOf(c)[0]).toMatch(/takes effect 7 day\(s\) after .* at least 30 days before/);
    // The first version has nothing before it to change: same-day notice is fine.
    expect(c.policies[0].noticeDate).toBe(c.policies[0].effectiveDate);
  });

  it('channels are configuration: any medium, KakaoTalk with a night-time refinement (the Liv demo)', () => {
    const liv = JSON.parse(demoSiteFiles().find((f) => f.name === 'liv.json')!.text);
    const result = parseSiteConfig(liv);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const kakao = result.value.channels.find((ch) => ch.id === 'kakaotalk')!;
    expect(kakao.medium).toBe('kakaotalk');
    expect(kakao.night?.label.ko).toMatch(/야간/);
    expect(optInsOf(result.value.channels).map((o) => o.id)).toEqual([
      'email',
      'sms',
      'sms_night',
      'kakaotalk',
      'kakaotalk_night',
    ]);
    // The night-time refinement's facts are its own where given, the channel's otherwise.
    const night = optInsOf(result.value.channels).find((o) => o.id === 'kakaotalk_night')!;
    expect(night.refines).toBe('kakaotalk');
    expect(night.facts.purpose).toEqual(kakao.purpose);
    expect(night.facts.refusal).toEqual(kakao.night!.refusal);
  });

  it('reads a config written when channels were a fixed email/sms/sms_night list, under the same choice keys', () => {
    const c = leepeem();
    const sms = c.channels.find((ch: { id: string }) => ch.id === 'sms');
    const old = [
      { ...c.channels[0], medium: undefined },
      { ...sms, medium: undefined, night: undefined },
      { id: 'sms_night', ...sms.night, purpose: sms.purpose, items: sms.items, retention: sms.retention },
    ].map((ch) => JSON.parse(JSON.stringify(ch)));
    expect(old.map((ch) => ch.id)).toEqual(['email', 'sms', 'sms_night']);
    expect(old.some((ch) => 'medium' in ch)).toBe(false);
    const result = parseSiteConfig({ ...c, channels: old });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.channels.map((ch) => [ch.id, ch.medium, !!ch.night])).toEqual([
      ['email', 'email', false],
      ['sms', 'sms', true],
    ]);
    expect(optInsOf(result.value.channels).map((o) => o.id)).toEqual(['email', 'sms', 'sms_night']);
    expect(result.value.channels[1]!.night!.label).toEqual(sms.night.label);
  });

  it('requires texts in the default language and only in site languages', () => {
    const c = leepeem();
    delete c.categories[1].label.ko;
    c.categories[1].description.fr = 'Statistiques';
    expect(issuesOf(c)).toEqual(
      expect.arrayContaining([
        '$.categories[1].label needs a text in the default language "ko"',
        "$.categories[1].description.fr is not one of the site's languages (ko, en)",
      ]),
    );
  });

  it('requires every notice section (the things a consent must tell)', () => {
    const c = leepeem();
    delete c.policies[0].notice.en.refusal;
    expect(issuesOf(c)).toContain('$.policies[0].notice.en.refusal is required');
  });

  it('public config leaves out the origins and carries the revision', () => {
    const result = parseSiteConfig(leepeem());
    if (!result.ok) throw new Error('demo config invalid');
    const pub = toPublicConfig(result.value, 'abc');
    expect(pub).not.toHaveProperty('origins');
    expect(pub.revision).toBe('abc');
  });

  it('finds the policy in force on a date', () => {
    const result = parseSiteConfig(leepeem());
    if (!result.ok) throw new Error('demo config invalid');
    expect(policyInForce(result.value.policies, '2026-11-22').id).toBe('2025-02');
    expect(policyInForce(result.value.policies, '2027-06-01').id).toBe('2027-01');
  });
});

describe('form consents in the site config (PIPA Art. 15, 17, 23, 24, 28-8)', () => {
  it('refuses a kind without its mandatory facts, naming each JSON path', () => {
    const c = leepeem();
    c.consents.push(
      {
        id: 'abroad',
        kind: 'overseas',
        label: { ko: '국외 이전', en: 'Abroad' },
        purpose: { ko: 'x' },
        items: { ko: 'x' },
        retention: { ko: 'x' },
      },
      {
        id: 'give',
        kind: 'third-party',
        label: { ko: '제공' },
        purpose: { ko: 'x' },
        items: { ko: 'x' },
        retention: { ko: 'x' },
        refusal: { ko: 'x' },
      },
    );
    const issues = issuesOf(c);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.consents\[4\]\.refusal is required: a consent must say that it can be refused/),
        expect.stringMatching(/^\$\.consents\[4\]\.recipient is required: .*28-8\(2\)/),
        expect.stringMatching(/^\$\.consents\[4\]\.country is required/),
        expect.stringMatching(/^\$\.consents\[4\]\.transfer is required/),
        expect.stringMatching(/^\$\.consents\[5\]\.recipient is required: .*17\(2\)1/),
      ]),
    );
  });

  it('refuses sensitive data on a basis other than the law, a required notice, and forms naming what is not there', () => {
    const c = leepeem();
    c.consents[0].basis = { kind: 'contract', text: { ko: '계약', en: 'contract' } };
    c.consents.push({
      ...c.consents[1],
      id: 'health',
      kind: 'sensitive',
      basis: { kind: 'legitimate-interests', text: { ko: 'x' } },
    });
    c.forms[0].consents.push('nope', 'member');
    c.forms[0].channels.push('fax');
    const issues = issuesOf(c);
    expect(issues).toEqual(
      expect.arrayContaining([
        '$.consents[0].required processing on a legal basis is told, not consented to: leave it out',
        expect.stringMatching(/^\$\.consents\[4\]\.basis\.kind "sensitive" is processed only with its own consent/),
        '$.forms[0].consents[4] is not a consent of this site ("nope")',
        '$.forms[0].consents[5] is listed twice',
        '$.forms[0].channels[2] is not a marketing channel of this site ("fax")',
      ]),
    );
  });
});

describe('children and the code gateway in the site config', () => {
  it('refuses a required sharing consent where children’s data is never shared, and a plain-http gateway', () => {
    const c = leepeem();
    c.consents.find((x: { id: string }) => x.id === 'partner').required = true;
    expect(issuesOf(c)).toContain(
      '$.consents[2].required a child could never send the form: children.shareWithThirdParties is false, so sharing stays optional',
    );
    c.webhooks = { guardianCodes: 'http://sms.example.com/codes' };
    expect(issuesOf(c)).toContain(
      '$.webhooks.guardianCodes must be https (http only to localhost), with no user or password in it',
    );
    c.webhooks = { guardianCodes: 'http://localhost:80@evil.example/' };
    expect(issuesOf(c)).toContain(
      '$.webhooks.guardianCodes must be https (http only to localhost), with no user or password in it',
    );
    c.consents.find((x: { id: string }) => x.id === 'partner').required = false;
    c.webhooks = { guardianCodes: 'http://127.0.0.1:9000/codes' };
    expect(parseSiteConfig(c).ok).toBe(true);
    c.webhooks = { guardianCodes: 'http://localhost:9000' };
    expect(parseSiteConfig(c).ok).toBe(true);
    c.categories[0].thirdParty = true; // the strictly necessary one
    expect(issuesOf(c)).toContain(
      "$.categories[0].thirdParty a strictly necessary category cannot give data to third parties where children's data is never shared",
    );
  });
});

describe('languages', () => {
  it('refuses a listed language whose notice is missing (buttons in one language around legal text in another)', () => {
    const c = leepeem();
    c.languages = ['ko', 'en', 'ja'];
    expect(issuesOf(c)).toContain(
      '$.policies[0].notice has no text in "ja", one of the site\'s languages: add it, or take "ja" out of languages',
    );
  });
  it('refuses a language without built-in widget strings, and a fallback the site does not list', () => {
    const c = leepeem();
    c.languages = [...c.languages, 'vi'];
    for (const p of c.policies) p.notice.vi = p.notice.en!;
    c.fallbackLanguages = ['fr'];
    const issues = issuesOf(c);
    expect(
      issues.some((i) => i.startsWith(`$.languages[${c.languages.length - 1}] "vi" has no built-in widget strings`)),
    ).toBe(true);
    expect(issues).toContain(`$.fallbackLanguages[0] is not one of the site's languages (${c.languages.join(', ')})`);
  });
  it('the built-in strings are exactly the languages a site may list', () => {
    expect(Object.keys(BUILT_IN).sort()).toEqual([...WIDGET_LANGUAGES].sort());
  });
  it('a visitor whose languages the site lacks gets English when the site has it, else the configured fallback, else the default', () => {
    const visitor = [undefined, '', 'de-DE', 'fr'];
    const pick = (c: SiteConfig) => {
      const site = toLoaderSite(c, 'r', Date.UTC(2026, 11, 1));
      return pickLanguage([...visitor, ...site.fallbacks], site.languages, site.defaultLanguage);
    };
    const c = leepeem();
    expect([c.defaultLanguage, c.languages]).toEqual(['ko', ['ko', 'en']]);
    expect(pick(c)).toBe('en');
    c.languages = ['ko', 'ja'];
    expect(pick(c)).toBe('ko');
    c.fallbackLanguages = ['ja'];
    expect(pick(c)).toBe('ja');
  });
});
