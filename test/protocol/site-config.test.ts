import { describe, expect, it } from 'vitest';
import { parseSiteConfig, policyInForce, toJsonPath, toPublicConfig } from '../../protocol';
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
    c.channels[0].id = 'fax';
    const issues = issuesOf(c);
    expect(issues.some((i) => i.startsWith('$.origins[0] must be an origin'))).toBe(true);
    expect(issues.some((i) => i.startsWith('$.policies[0].effectiveDate must be a date'))).toBe(true);
    expect(issues.some((i) => i.startsWith('$.channels[0].id'))).toBe(true);
  });

  it('ties fields together: default language, duplicate ids, required category, sms_night needs sms, dates', () => {
    const c = leepeem();
    c.defaultLanguage = 'ja';
    c.categories[2].id = 'analytics';
    c.categories[0].required = false;
    c.channels = c.channels.filter((ch: { id: string }) => ch.id !== 'sms');
    c.policies[0].effectiveDate = '2025-01-01';
    expect(issuesOf(c)).toEqual(
      expect.arrayContaining([
        '$.defaultLanguage must be one of languages (ko, en)',
        '$.categories[2].id is used by another category',
        '$.categories must include one required category (strictly necessary cookies)',
        '$.channels "sms_night" needs the "sms" channel: night-time consent is a refinement of the daytime consent',
        '$.policies[0].effectiveDate must not be before noticeDate (2025-02-01)',
      ]),
    );
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
