import { describe, expect, it } from 'vitest';
import {
  encodeConsentCookie,
  parseConsentCookie,
  readConsentCookie,
  toLoaderSite,
  type ConsentState,
} from '../../protocol';
import { writeState } from '../../widget/core/cookie-jar';
import { askReason, cookiesHold, currentPolicy } from '../../widget/core/decision';
import { parseSiteFiles } from '../../server/sites/site-registry';
import { demoConfigs } from '../helpers/collector';

const state: ConsentState = {
  site: 'leepeem',
  subject: 'AbCdEfGhIjKlMnOpQrStUv',
  policy: '2025-02',
  revision: 'rev_1-x',
  decidedAt: 1_795_000_000_000,
  categories: ['necessary', 'analytics'],
  channels: ['email'],
  confirmed: { email: 1_790_000_000_000 },
  gpc: true,
};

describe('the assent cookie', () => {
  it('round-trips a decision in the documented format', () => {
    const value = encodeConsentCookie(state);
    expect(value).toBe(
      `2.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.rev_1-x.${(1_795_000_000).toString(36)}.necessary+analytics.` +
        `email~${(1_790_000_000).toString(36)}.g`,
    );
    expect(parseConsentCookie(value)).toEqual(state);
    expect(readConsentCookie(`other=1; assent=${value}; x=y`)).toEqual(state);
  });

  it('flags a decision made under an opt-out regime (o), beside GPC (g); other flags are no decision', () => {
    const optOut = { ...state, optOut: true };
    expect(encodeConsentCookie(optOut).endsWith('.go')).toBe(true);
    expect(parseConsentCookie(encodeConsentCookie(optOut))).toEqual(optOut);
    const quiet = { ...state, gpc: false, optOut: true };
    expect(encodeConsentCookie(quiet).endsWith('.o')).toBe(true);
    expect(parseConsentCookie(encodeConsentCookie(quiet))).toEqual(quiet);
    const plain = encodeConsentCookie({ ...state, gpc: false });
    for (const flags of ['x', 'og', 'gg', ''])
      expect(parseConsentCookie(`${plain}.${flags}`), `flags "${flags}"`).toBeUndefined();
  });

  it('keeps a marketing-only decision apart from a cookie refusal (~: the cookie question is unanswered)', () => {
    const formOnly = { ...state, categories: undefined };
    const value = encodeConsentCookie(formOnly);
    expect(value.split('.')[6]).toBe('~');
    expect(parseConsentCookie(value)).toEqual(formOnly);
    expect(parseConsentCookie(encodeConsentCookie({ ...state, categories: [] }))?.categories).toEqual([]);
  });

  it('reads a version 1 cookie, dating each channel from the decision', () => {
    const v1 = `1.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.rev_1-x.${(1_795_000_000).toString(36)}.necessary.email+sms`;
    expect(parseConsentCookie(v1)).toEqual({
      ...state,
      categories: ['necessary'],
      channels: ['email', 'sms'],
      confirmed: { email: 1_795_000_000_000, sms: 1_795_000_000_000 },
      gpc: false,
    });
  });

  it.each([
    ['empty', ''],
    ['another version', '3.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc..'],
    ['a version 2 channel without its date', '2.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc..email'],
    ['a version 2 channel with a bad date', '2.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc..email~x!'],
    ['a version 1 channel with a date', '1.leepeem.AbCdEfGhIjKlMnOpQrStUv.2025-02.r.abc..email~abc'],
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
  const site = toLoaderSite(leepeem, 'rev_1-x', Date.UTC(2026, 11, 1));
  const day = 86_400_000;
  const now = Date.parse('2026-11-22T09:30:00Z');
  const decided: ConsentState = { ...state, decidedAt: now - day, channels: [], confirmed: {} };

  it('first visit, then not while the decision holds', () => {
    expect(askReason(undefined, site, now)).toBe('first-visit');
    expect(askReason(decided, site, now)).toBeUndefined();
  });
  it('again when a new policy version takes effect', () => {
    const after = Date.parse('2027-06-01T12:00:00');
    expect(currentPolicy(site, after)).toBe('2027-01');
    expect(askReason(decided, site, after)).toBe('new-policy');
  });
  it('under an opt-out regime: never for cookies, the marketing re-confirmation still; the decision holds for good', () => {
    expect(askReason(undefined, site, now, true)).toBeUndefined();
    const later = Date.parse('2027-06-01T12:00:00');
    expect(askReason({ ...decided, revision: 'older' }, site, later, true)).toBeUndefined();
    expect(cookiesHold({ ...decided, decidedAt: now - 400 * day }, site, now, true)).toBe(true);
    const email = { ...decided, channels: ['email'], confirmed: { email: now - 731 * day } };
    expect(askReason(email, site, now, true)).toBe('reconfirm');
  });
  it('again where the visitor is asked opt-in, for a decision made under an opt-out regime (its grants were defaults)', () => {
    expect(askReason({ ...decided, optOut: true }, site, now)).toBe('first-visit');
    expect(cookiesHold({ ...decided, optOut: true }, site, now)).toBe(false);
  });
  it('again when the config revision changes', () => {
    expect(askReason({ ...decided, revision: 'older' }, site, now)).toBe('new-config');
  });
  it('again when the consent lifetime is over', () => {
    expect(askReason({ ...decided, decidedAt: now - 366 * day }, site, now)).toBe('expired');
  });
  it('again sooner after a refusal when the site says so (lifetimes.refusalDays), an acceptance keeping its own', () => {
    const [config] = parseSiteFiles([
      {
        name: 'leepeem.json',
        text: JSON.stringify({ ...leepeem, lifetimes: { ...leepeem.lifetimes, refusalDays: 182 } }),
      },
    ]);
    const short = toLoaderSite(config!, 'rev_1-x', Date.UTC(2026, 11, 1));
    const refused = { ...decided, categories: ['necessary'], decidedAt: now - 183 * day };
    const accepted = { ...decided, categories: ['necessary', 'analytics'], decidedAt: now - 183 * day };
    expect(askReason(refused, short, now)).toBe('expired');
    expect(askReason(accepted, short, now)).toBeUndefined();
    expect(askReason({ ...refused, decidedAt: now - 181 * day }, short, now)).toBeUndefined();
    // Without the setting a refusal lasts as long as an acceptance.
    expect(askReason(refused, site, now)).toBeUndefined();
  });
  it('for marketing re-confirmation two years after a marketing consent', () => {
    const longLived = { ...site, consentDays: 3650 };
    const sms = { ...decided, channels: ['sms'], confirmed: { sms: now - 731 * day }, decidedAt: now - 731 * day };
    expect(askReason(sms, longLived, now)).toBe('reconfirm');
    expect(askReason({ ...decided, channels: [], decidedAt: now - 731 * day }, longLived, now)).toBeUndefined();
  });
  it('with the default lifetimes (365 / 730 days) at 730 days, though a cookie decision came since', () => {
    expect(site.consentDays).toBe(365);
    expect(site.reconfirmDays).toBe(730);
    // Email consented 731 days ago; "Accept all" on the cookie banner 100 days ago moved neither date.
    const s = { ...decided, decidedAt: now - 100 * day, channels: ['email'], confirmed: { email: now - 731 * day } };
    expect(askReason(s, site, now)).toBe('reconfirm');
    expect(askReason({ ...s, confirmed: { email: now - 729 * day } }, site, now)).toBeUndefined();
    // The cookie decision holds meanwhile, within its lifetime.
    expect(cookiesHold(s, site, now)).toBe(true);
    // The cookie decision itself expired too: the re-confirmation is asked first, the cookie question after it,
    // and the expired decision allows nothing in between.
    expect(askReason({ ...s, decidedAt: now - 400 * day }, site, now)).toBe('reconfirm');
    expect(cookiesHold({ ...s, decidedAt: now - 400 * day }, site, now)).toBe(false);
    expect(askReason({ ...s, decidedAt: now - 400 * day, confirmed: { email: now } }, site, now)).toBe('expired');
  });
  it('on a first visit after a sign-up form recorded marketing choices only', () => {
    expect(
      askReason({ ...decided, categories: undefined, channels: ['email'], confirmed: { email: now } }, site, now),
    ).toBe('first-visit');
  });
});

describe("a decision shared by the site's subdomains (cookieDomain)", () => {
  const leepeem = demoConfigs().find((c) => c.id === 'leepeem')!;
  const written = (domain?: string) => {
    const doc = { cookie: '', location: { protocol: 'https:' } } as unknown as Document;
    writeState(doc, state, 395, domain);
    return doc.cookie;
  };
  it('sets the consent cookie for the domain the config names, and for this host only without one', () => {
    expect(written('example-clinic.com')).toMatch(/; Domain=example-clinic\.com$/);
    expect(written()).not.toContain('Domain=');
  });
  it('refuses a config whose origins are not all under that domain', () => {
    const config = {
      ...leepeem,
      origins: ['https://www.example-clinic.com', 'https://reservation.example-clinic.com', 'https://other.example'],
      cookieDomain: 'example-clinic.com',
    };
    expect(() => parseSiteFiles([{ name: 'leepeem.json', text: JSON.stringify(config) }])).toThrow(
      '$.origins[2] is not under cookieDomain "example-clinic.com"',
    );
    expect(() =>
      parseSiteFiles([{ name: 'leepeem.json', text: JSON.stringify({ ...config, cookieDomain: 'com' }) }]),
    ).toThrow('$.cookieDomain must be a domain such as "example-clinic.com"');
    const [ok] = parseSiteFiles([
      { name: 'leepeem.json', text: JSON.stringify({ ...config, origins: config.origins.slice(0, 2) }) },
    ]);
    expect(toLoaderSite(ok!, 'r', Date.UTC(2026, 11, 1)).cookieDomain).toBe('example-clinic.com');
  });
});
