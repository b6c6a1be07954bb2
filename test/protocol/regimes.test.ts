import { describe, expect, it } from 'vitest';
import { parseSiteConfig, regimeFor, regimesOf, type Regimes } from '../../protocol';
import { demoConfigs } from '../helpers/collector';

const clinic: Regimes = { KR: 'opt-in', EEA: 'opt-in', 'US-CA': 'opt-out', US: 'notice', '*': 'notice' };

describe('regimes by place', () => {
  it('takes the subdivision before the country, the country before its group, the group before "*"', () => {
    expect(regimeFor(clinic, { country: 'US', region: 'CA' })).toBe('opt-out');
    expect(regimeFor(clinic, { country: 'US', region: 'NY' })).toBe('notice');
    expect(regimeFor(clinic, { country: 'US' })).toBe('notice');
    expect(regimeFor(clinic, { country: 'KR', region: '11' })).toBe('opt-in');
    expect(regimeFor(clinic, { country: 'DE' })).toBe('opt-in');
    expect(regimeFor(clinic, { country: 'NO' })).toBe('opt-in'); // EEA, not EU
    expect(regimeFor(clinic, { country: 'BR' })).toBe('notice');
    expect(regimeFor({ EU: 'opt-in', '*': 'notice' }, { country: 'NO' })).toBe('notice');
    expect(regimeFor({ EU: 'opt-in', DE: 'notice' }, { country: 'DE' })).toBe('notice');
  });

  it('asks opt-in when the place is unknown, whatever "*" says, and on a site that sets no regimes', () => {
    expect(regimeFor(clinic, undefined)).toBe('opt-in');
    expect(regimeFor(undefined, { country: 'US', region: 'CA' })).toBe('opt-in');
    expect(regimeFor({ KR: 'opt-in' }, { country: 'US' })).toBe('opt-in');
  });

  it('lists what a receipt may say it was made under: opt-in always, and every regime the map names', () => {
    expect(regimesOf(clinic).sort()).toEqual(['notice', 'opt-in', 'opt-out']);
    expect(regimesOf({ US: 'opt-out' }).sort()).toEqual(['opt-in', 'opt-out']);
    expect(regimesOf(undefined)).toEqual(['opt-in']);
  });

  it('refuses a config with a place or a regime it does not know, naming the path', () => {
    const liv = structuredClone(demoConfigs().find((c) => c.id === 'liv')!) as unknown as Record<string, unknown>;
    for (const [regimes, message] of [
      [{ 'us-ca': 'opt-out' }, 'must be a country ("DE"), a subdivision ("US-CA", ISO 3166-2), "EU", "EEA" or "*"'],
      [{ California: 'opt-out' }, 'must be a country'],
      [{ US: 'opt_out' }, 'must be "opt-in", "opt-out" or "notice"'],
    ] as const) {
      const result = parseSiteConfig({ ...liv, regimes });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.issues[0]!.path[0]).toBe('regimes');
        expect(result.issues[0]!.message).toContain(message);
      }
    }
    expect(parseSiteConfig({ ...liv, regimes: { 'US-CA': 'opt-out', EEA: 'opt-in', '*': 'notice' } }).ok).toBe(true);
  });

  it("refuses opt-out and notice on a site that asks the visitor's age: they never see the question", () => {
    const leepeem = demoConfigs().find((c) => c.id === 'leepeem')!;
    const result = parseSiteConfig({ ...leepeem, regimes: { KR: 'opt-in', US: 'opt-out', '*': 'notice' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path.join('.'))).toEqual(['regimes.US', 'regimes.*']);
    expect(parseSiteConfig({ ...leepeem, regimes: { KR: 'opt-in', '*': 'opt-in' } }).ok).toBe(true);
  });
});
