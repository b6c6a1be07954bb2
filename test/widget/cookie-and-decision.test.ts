import { describe, expect, it } from 'vitest';
import {
  encodeConsentCookie,
  parseConsentCookie,
  readConsentCookie,
  toLoaderSite,
  type ConsentState,
} from '../../protocol';
import { askReason, currentPolicy } from '../../widget/core/decision';
import { demoConfigs } from '../helpers/collector';

const state: ConsentState = {
  site: 'leepeem',
  subject: 'AbCdEfGhIjKlMnOpQrStUv',
  policy: '2025-02',
  revision: 'rev_1-x',
  decidedAt: 1_795_000_000_000,
  categories: ['necessary', 'analytics'],
  channels: ['email'],
  gpc: true,
};

describe('the assent cookie', () => {
  it('round-trips a decision in the documented format', () => {
    const value = encodeConsentCookie(state);
    expect(value).toBe(
      `1.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.rev_1-x.${(1_795_000_000).toString(36)}.necessary+analytics.email.g`,
    );
    expect(parseConsentCookie(value)).toEqual(state);
    expect(readConsentCookie(`other=1; assent=${value}; x=y`)).toEqual(state);
  });

  it.each([
    ['empty', ''],
    ['another version', '2.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc..'],
    ['a short subject', '1.leepeem.abc.2025-02.r.abc..'],
    ['the old format without a site', '1.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc..'],
    ['JSON', '{"categories":["ads"]}'],
    ['script injection', '1.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc.<script>.'],
    ['a bad flag', '1.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc...x'],
    ['too long', `1.${'a'.repeat(2000)}`],
  ])('treats %s as no decision', (_what, value) => {
    expect(parseConsentCookie(value)).toBeUndefined();
  });
});

describe('when the visitor is asked', () => {
  const leepeem = demoConfigs().find((c) => c.id === 'leepeem')!;
  const site = toLoaderSite(leepeem, 'rev_1-x');
  const day = 86_400_000;
  const now = Date.parse('2026-11-22T09:30:00Z');
  const decided = { ...state, decidedAt: now - day, channels: [] };

  it('first visit, then not while the decision holds', () => {
    expect(askReason(undefined, site, now)).toBe('first-visit');
    expect(askReason(decided, site, now)).toBeUndefined();
  });
  it('again when a new policy version takes effect', () => {
    const after = Date.parse('2027-06-01T12:00:00');
    expect(currentPolicy(site, after)).toBe('2027-01');
    expect(askReason(decided, site, after)).toBe('new-policy');
  });
  it('again when the config revision changes', () => {
    expect(askReason({ ...decided, revision: 'older' }, site, now)).toBe('new-config');
  });
  it('again when the consent lifetime is over', () => {
    expect(askReason({ ...decided, decidedAt: now - 366 * day }, site, now)).toBe('expired');
  });
  it('for marketing re-confirmation two years after a marketing consent', () => {
    const longLived = { ...site, consentDays: 3650 };
    expect(askReason({ ...decided, channels: ['sms'], decidedAt: now - 731 * day }, longLived, now)).toBe('reconfirm');
    expect(askReason({ ...decided, channels: [], decidedAt: now - 731 * day }, longLived, now)).toBeUndefined();
  });
});
