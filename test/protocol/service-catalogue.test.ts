import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_IDS, SERVICE_CATALOGUE, SLUG, parseSiteConfig } from '../../protocol';
import { CATALOGUE_FILE, catalogueText } from '../../server/sites/write-site-config-docs';
import { demoConfigs } from '../helpers/collector';

const leepeem = () => structuredClone(demoConfigs().find((c) => c.id === 'leepeem')!);
const withServices = (services: unknown[]) => {
  const c = leepeem() as unknown as { categories: { id: string; services: unknown[] }[] };
  c.categories.find((x) => x.id === 'analytics')!.services = services;
  return parseSiteConfig(c);
};

describe('the service catalogue', () => {
  it('describes every service in Korean, English, Japanese and Chinese, with cookies, hosts and a gate', () => {
    expect(CATALOGUE_IDS.length).toBeGreaterThanOrEqual(15);
    for (const [id, e] of Object.entries(SERVICE_CATALOGUE)) {
      expect(id, id).toMatch(SLUG);
      for (const texts of [e.purpose, e.retention])
        expect(Object.keys(texts).sort(), id).toEqual(['en', 'ja', 'ko', 'zh-CN']);
      for (const c of e.cookies) expect(c, id).toMatch(/^[\w.-]+\*?$/);
      for (const h of e.hosts) expect(h, id).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/);
      expect(e.gate.length, id).toBeGreaterThan(3);
    }
    expect(readFileSync(CATALOGUE_FILE, 'utf8')).toBe(catalogueText());
  });

  it("a config names a service by its id and gets its fields, in the site's languages only", () => {
    const parsed = withServices([{ catalogue: 'google-analytics' }]);
    expect(parsed.ok).toBe(true);
    const service = parsed.ok && parsed.value.categories.find((c) => c.id === 'analytics')!.services[0];
    expect(service).toEqual({
      catalogue: 'google-analytics',
      name: 'Google Analytics',
      provider: 'Google LLC',
      purpose: { ko: '방문 통계', en: 'Visit statistics' }, // LEEPEEM speaks ko and en: no ja or zh-CN
      cookies: ['_ga', '_ga_*', '_gid', '_gat*'],
      retention: { ko: '최대 2년', en: 'Up to 2 years' },
    });
  });

  it('any field given beside the id overrides the catalogue', () => {
    const parsed = withServices([{ catalogue: 'youtube', name: 'Treatment videos', cookies: ['YSC'] }]);
    const service = parsed.ok && parsed.value.categories.find((c) => c.id === 'analytics')!.services[0];
    expect(service).toMatchObject({
      catalogue: 'youtube',
      name: 'Treatment videos',
      cookies: ['YSC'],
      provider: 'Google LLC',
    });
  });

  it('refuses an unknown id, and a service described without its name, purpose or retention', () => {
    const unknown = withServices([{ catalogue: 'not-a-service' }]);
    expect(unknown.ok || unknown.issues[0]!.path).toEqual(['categories', 1, 'services', 0, 'catalogue']);
    const bare = withServices([{ cookies: ['x'] }]);
    expect(bare.ok || bare.issues.map((i) => `${i.path.at(-1)} ${i.message}`)).toEqual([
      'name is required (or name a catalogue entry: "catalogue": "google-analytics")',
      'purpose is required (or name a catalogue entry: "catalogue": "google-analytics")',
      'retention is required (or name a catalogue entry: "catalogue": "google-analytics")',
    ]);
  });

  it('the demo clinics name their third-party services from the catalogue', () => {
    const named = demoConfigs().flatMap((c) => c.categories.flatMap((x) => x.services.map((s) => s.catalogue)));
    expect(named).toEqual(expect.arrayContaining(['assent', 'youtube-nocookie', 'kakao-login']));
  });
});
