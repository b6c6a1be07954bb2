import { describe, expect, it } from 'vitest';
import { SiteConfigError, SiteRegistry, parseSiteFiles } from '../../server/sites/site-registry';
import { demoConfigs, demoSiteFiles } from '../helpers/collector';

describe('parseSiteFiles', () => {
  it('names the file, the JSON path and the problem of every issue', () => {
    const liv = JSON.parse(demoSiteFiles().find((f) => f.name === 'liv.json')!.text);
    liv.policies[0].noticeDate = 'April 20';
    liv.ip = 'full';
    const files = [
      { name: 'liv.json', text: JSON.stringify(liv) },
      { name: 'broken.json', text: '{"id": "broken",' },
    ];
    expect(() => parseSiteFiles(files)).toThrow(SiteConfigError);
    try {
      parseSiteFiles(files);
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('liv.json: $.policies[0].noticeDate must be a date as YYYY-MM-DD');
      expect(msg).toMatch(/liv\.json: \$\.ip /);
      expect(msg).toMatch(/broken\.json: not valid JSON/);
      expect(msg).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('requires the file name to match the id', () => {
    const text = demoSiteFiles().find((f) => f.name === 'liv.json')!.text;
    expect(() => parseSiteFiles([{ name: 'other.json', text }])).toThrow(
      'other.json: $.id is "liv" but the file name says "other"',
    );
  });

  it('refuses an empty folder and duplicate ids', () => {
    expect(() => parseSiteFiles([])).toThrow(/no site configs found/);
    const [a] = demoConfigs();
    expect(() => new SiteRegistry([a!, a!])).toThrow(/two site configs have the id/);
  });

  it('makes one notice text per policy version and language, falling back to the default language', () => {
    const liv = demoConfigs().find((c) => c.id === 'liv')!;
    // Japanese listed, its notice text missing (Liv's demo has one: it is taken out here).
    const onlyKo = {
      ...liv,
      languages: ['ko', 'en', 'ja'],
      policies: liv.policies.map((p) => ({ ...p, notice: { ko: p.notice.ko!, en: p.notice.en! } })),
    };
    const registry = new SiteRegistry([onlyKo]);
    const notices = registry.get('liv')!.notices;
    expect(notices.size).toBe(3);
    expect(notices.get('2025-04\nja')!.language).toBe('ko');
    expect(notices.get('2025-04\nja')!.hash).toBe(notices.get('2025-04\nko')!.hash);
    expect(notices.get('2025-04\nen')!.hash).not.toBe(notices.get('2025-04\nko')!.hash);
  });
});
