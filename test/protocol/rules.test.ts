import { describe, expect, it } from 'vitest';
import {
  MEMBER,
  RECEIPT_ID,
  SUBJECT,
  choiceIssues,
  choiceSnapshot,
  dateInZone,
  gpcIssues,
  inSiteOrder,
  indexInForce,
  localizedText,
  policyComing,
  policyInForce,
} from '../../protocol';

const site = {
  categories: [
    { id: 'necessary', required: true },
    { id: 'analytics', required: false, consentMode: ['analytics_storage'] },
    { id: 'marketing', required: false, consentMode: ['ad_storage'] },
  ],
  channels: [{ id: 'email' }, { id: 'sms' }, { id: 'sms_night', refines: 'sms' }],
};
const policies = [
  { id: 'a', noticeDate: '2025-01-01', effectiveDate: '2025-01-01' },
  { id: 'b', noticeDate: '2026-11-20', effectiveDate: '2027-06-01' },
];

describe('protocol rules, each written once', () => {
  it('localized text: the language asked for, else the site default, else any', () => {
    expect(localizedText({ ko: '분석', en: 'Analytics' }, 'en', 'ko')).toBe('Analytics');
    expect(localizedText({ ko: '분석', en: 'Analytics' }, 'ja', 'ko')).toBe('분석');
    expect(localizedText({ en: 'Analytics' }, 'ja', 'ko')).toBe('Analytics');
    expect(localizedText(undefined, 'ja', 'ko')).toBeUndefined();
  });

  it('policy dates are days in the site’s time zone; the version in force and the one announced', () => {
    expect(dateInZone(Date.parse('2027-05-31T23:59:00Z'), 'Asia/Seoul')).toBe('2027-06-01');
    expect(dateInZone(Date.parse('2027-05-31T23:59:00Z'), 'America/Los_Angeles')).toBe('2027-05-31');
    expect(policyInForce(policies, '2027-05-31').id).toBe('a');
    expect(policyInForce(policies, '2027-06-01').id).toBe('b');
    expect(policyComing(policies, '2026-12-01')?.id).toBe('b');
    expect(policyComing(policies, '2026-11-19')).toBeUndefined(); // not announced yet
    expect(indexInForce(['2025-01-01', '2027-06-01'], '2024-01-01')).toBe(0);
  });

  it('a choice snapshot has every category, necessary on, the channels named, night consent only with its day', () => {
    const rules = {
      categories: site.categories,
      channels: [{ id: 'email' }, { id: 'sms' }, { id: 'sms_night', refines: 'sms' }],
    };
    expect(
      choiceSnapshot(rules, { categories: { analytics: true, ads: true }, channels: { sms_night: true, fax: true } }),
    ).toEqual({ categories: { necessary: true, analytics: true, marketing: false }, channels: { sms_night: false } });
    // A marketing-only decision stays one: no cookie categories are made up for it.
    expect(choiceSnapshot(rules, { channels: { sms: true, sms_night: true } })).toEqual({
      channels: { sms: true, sms_night: true },
    });
  });

  it('choices in the site’s order, then any the site no longer has', () => {
    expect(
      inSiteOrder({ marketing: false, necessary: true, old: true, analytics: true }, [
        'necessary',
        'analytics',
        'marketing',
      ]),
    ).toEqual([
      ['necessary', true],
      ['analytics', true],
      ['marketing', false],
      ['old', true],
    ]);
  });

  it('a gpc opt-out needs the signal and allows no advertising category', () => {
    const choices = { categories: { necessary: true, analytics: true, marketing: true }, channels: {} };
    expect(gpcIssues('gpc', true, choices, site).map((i) => i.path.join('/'))).toEqual([
      'choices/categories/marketing',
    ]);
    expect(
      gpcIssues(
        'gpc',
        false,
        { ...choices, categories: { necessary: true, analytics: true, marketing: false } },
        site,
      ).map((i) => i.path.join('/')),
    ).toEqual(['signals/gpc']);
    expect(gpcIssues('banner', false, choices, site)).toEqual([]);
  });

  it('choice issues name the field: night without day, unknown and missing ids', () => {
    const issues = choiceIssues(
      'custom',
      {
        categories: { necessary: true, analytics: false, extra: true },
        channels: { email: false, sms: false, sms_night: true },
      },
      site,
    );
    expect(issues.map((i) => `${i.path.join('/')}: ${i.message}`)).toEqual([
      'choices/categories/extra: is not a cookie category of this site',
      'choices/categories/marketing: is missing: a cookie decision records a choice for every category',
      'choices/channels/sms_night: needs "sms": night-time consent refines the daytime consent',
    ]);
  });

  it('a decision names only the channels it is about; withdraw names them all, reconfirm names no cookies', () => {
    const cookies = { necessary: true, analytics: true, marketing: true };
    const paths = (i: { path: unknown[]; message: string }[]) => i.map((x) => `${x.path.join('/')}: ${x.message}`);
    expect(choiceIssues('accept_all', { categories: cookies, channels: {} }, site)).toEqual([]);
    expect(paths(choiceIssues('accept_all', { channels: { email: true } }, site))).toEqual([
      'choices/categories: is missing: "accept_all" is a cookie decision and records every category',
    ]);
    expect(choiceIssues('custom', { channels: { email: true } }, site)).toEqual([]);
    expect(paths(choiceIssues('custom', { channels: {} }, site))).toEqual([
      "choices: is empty: a decision records cookie choices, marketing choices or a form's consents",
    ]);
    const off = { necessary: true, analytics: false, marketing: false };
    expect(paths(choiceIssues('withdraw', { categories: off, channels: { email: false } }, site))).toEqual([
      'choices/channels/sms: is missing: "withdraw" withdraws every marketing channel, by name',
      'choices/channels/sms_night: is missing: "withdraw" withdraws every marketing channel, by name',
    ]);
    expect(
      paths(choiceIssues('reconfirm', { categories: off, channels: { email: true } }, site, { email: true })),
    ).toEqual(['choices/categories: "reconfirm" re-confirms marketing consent: it names channels, not cookies']);
    expect(
      choiceIssues('reconfirm', { channels: { email: true, sms: false, sms_night: false } }, site, {
        email: true,
        sms: true,
      }),
    ).toEqual([]);
    // Withdrawing SMS names night SMS too: a night consent cannot outlive its daytime consent.
    expect(paths(choiceIssues('custom', { channels: { sms: false } }, site))).toEqual([
      'choices/channels/sms_night: is missing: it is decided together with "sms"',
    ]);
    expect(
      paths(choiceIssues('reconfirm', { channels: { sms: true, sms_night: false } }, site, { email: true })),
    ).toEqual([
      'choices/channels/sms: "reconfirm" cannot turn on a channel that is not consented now (record it as "custom")',
    ]);
  });

  it('identifier formats', () => {
    expect(SUBJECT.test('v_Xy7f3kQ9pLm2aB4c')).toBe(true);
    expect(SUBJECT.test('short')).toBe(false);
    expect(MEMBER.test('sha256:9f86d081884c7d65')).toBe(true);
    expect(MEMBER.test('has space in it')).toBe(false);
    expect(RECEIPT_ID.test('0192f0a4-7b9e-7cc1-8a55-3f1f4e8d2b10')).toBe(true);
    expect(RECEIPT_ID.test('0192F0A4-7B9E-7CC1-8A55-3F1F4E8D2B10')).toBe(false);
  });
});
