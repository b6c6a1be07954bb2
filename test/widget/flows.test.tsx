// @vitest-environment happy-dom
import { fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { readConsentCookie } from '../../protocol';
import { demoLeepeem, newPage, resetDocument, shadow, startWidget, storedReceipts, until } from './harness';

afterEach(resetDocument);
const button = (root: ShadowRoot, name: RegExp) => {
  const b = [...root.querySelectorAll('button')].find((x) => name.test(x.textContent ?? ''));
  if (!b)
    throw new Error(`no button ${name}: ${[...root.querySelectorAll('button')].map((x) => x.textContent).join(' | ')}`);
  return b;
};
const receiptsSoon = async (w: Awaited<ReturnType<typeof startWidget>>, n = 1) => {
  for (let i = 0; i < 200; i++) {
    const rows = await storedReceipts(w);
    if (rows.length >= n) return rows;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${n} receipt(s)`);
};

describe('first visit', () => {
  it('counts the banner as shown once, with the policy and nothing about the visitor', async () => {
    const w = await startWidget({ site: 'leepeem' });
    await shadow();
    await until(() => w.requests.find((r) => r.url.includes('/shown')), 'the banner view request');
    const shown = w.requests.filter((r) => r.url.includes('/shown'));
    // The view's id is random (12 bytes): nothing about the visitor, only what links the decision to this view.
    expect(shown).toEqual([
      {
        url: expect.stringMatching(
          /^http:\/\/localhost:8787\/v1\/sites\/leepeem\/shown\?policy=2025-02&view=[\w-]{16}$/,
        ),
        body: undefined,
      },
    ]);
    w.api.showSettings(); // opening settings over the banner is not another banner view
    await until(
      () => document.querySelector('assent-consent')?.shadowRoot?.querySelector('[aria-modal=true]'),
      'the settings dialog',
    );
    expect(w.requests.filter((r) => r.url.includes('/shown'))).toHaveLength(1);
  });

  it('shows the banner with three equal buttons, and nothing optional runs', async () => {
    document.body.innerHTML = '<script type="text/plain" data-assent="analytics">1</script>';
    const w = await startWidget({ site: 'liv' });
    const root = await shadow();
    const actions = [...root.querySelectorAll('.actions button')].map((b) => [b.textContent, b.className]);
    expect(actions).toEqual([
      ['Accept all', 'primary'],
      ['Reject all', 'primary'],
      ['Settings', 'primary'],
    ]);
    expect(root.querySelector('[role=dialog]')!.getAttribute('aria-labelledby')).toBe('assent-title');
    expect(document.querySelectorAll('script[data-assent-ran]')).toHaveLength(0);
    expect(w.api.get()).toBeNull();
  });

  it('accept all: cookie, scripts, Consent Mode update, and a receipt stored by the collector', async () => {
    document.body.innerHTML =
      '<script type="text/plain" data-assent="analytics">1</script><script type="text/plain" data-assent="marketing">2</script>';
    const w = await startWidget({ site: 'liv' });
    const changes: unknown[] = [];
    w.api.on('change', (d) => changes.push(d));
    fireEvent.click(button(await shadow(), /^Accept all$/));
    const [receipt] = await receiptsSoon(w);
    expect(receipt).toMatchObject({
      site: 'liv',
      policy: '2025-04',
      action: 'accept_all',
      method: 'banner',
      language: 'en',
      // A cookie decision names no marketing channel: the banner shows none, so it answers none.
      choices: { categories: { necessary: true, analytics: true, marketing: true }, channels: {} },
    });
    expect(receipt.signals.shownAt).toBeDefined();
    expect(document.querySelectorAll('script[data-assent-ran]')).toHaveLength(2);
    const cookie = readConsentCookie(document.cookie)!;
    expect(cookie.categories?.sort()).toEqual(['analytics', 'marketing', 'necessary']);
    expect(cookie.subject).toBe(receipt.subject);
    expect(changes).toHaveLength(1);
    // The banner is gone; a short note in a live region says the choices are saved and offers the receipt.
    const root = document.querySelector('assent-consent')!.shadowRoot!;
    expect(root.querySelector('.banner')).toBeNull();
    expect(root.querySelector('[role=status]')!.textContent).toContain('Your choices are saved');
  });

  it('reject all: nothing runs, the receipt says so, and the banner stays away on the next page', async () => {
    document.body.innerHTML = '<script type="text/plain" data-assent="analytics">1</script>';
    const w = await startWidget({ site: 'liv' });
    fireEvent.click(button(await shadow(), /^Reject all$/));
    await receiptsSoon(w);
    expect((await storedReceipts(w))[0]).toMatchObject({
      action: 'reject_all',
      choices: { categories: { analytics: false, marketing: false } },
    });
    expect(document.querySelectorAll('script[data-assent-ran]')).toHaveLength(0);
    // "Reload": a new loader reads the cookie and asks nothing.
    newPage('');
    const again = await startWidget({ site: 'liv' });
    expect(again.loads.stage2).toBe(0); // the loader decided there is nothing to ask: no stage two, no UI
    expect(document.querySelector('assent-consent')).toBeNull();
    expect(again.api.get()).toMatchObject({ categories: { necessary: true, analytics: false, marketing: false } });
  });
});

describe('settings', () => {
  it('analytics and email only: exactly that in the cookie, the API and the receipt; confirmation with its id', async () => {
    const w = await startWidget({ site: 'liv' });
    const root = await shadow();
    fireEvent.click(button(root, /^Settings$/));
    await until(() => root.querySelector('[aria-modal=true]'), 'the settings dialog');
    const boxes = () => [...root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    // analytics, marketing; email, SMS, SMS at night, KakaoTalk, KakaoTalk at night. Strictly necessary cookies
    // are told, with why they need no consent, not a ticked box that cannot be unticked.
    expect(boxes().map((b) => b.checked)).toEqual([false, false, false, false, false, false, false]);
    expect(root.querySelector('.choice .switch')!.textContent).toContain('set without consent');
    expect(boxes()[4]!.disabled).toBe(true); // night SMS needs SMS
    expect(boxes()[6]!.disabled).toBe(true); // night KakaoTalk needs KakaoTalk
    fireEvent.click(boxes()[0]!); // analytics
    fireEvent.click(boxes()[2]!); // email
    fireEvent.submit(root.querySelector('form')!);
    const status = await until(() => root.querySelector('[role=status]'), 'the confirmation');
    const [receipt] = await storedReceipts(w);
    expect(receipt).toMatchObject({
      action: 'custom',
      method: 'preferences',
      choices: {
        categories: { necessary: true, analytics: true, marketing: false },
        channels: { email: true, sms: false, sms_night: false, kakaotalk: false, kakaotalk_night: false },
      },
    });
    expect(status.textContent).toContain(receipt.id);
    // The on-screen result notice (ICN Act Art. 50(7)): sender, time, and each channel's result.
    const result = root.querySelector('.result')!;
    expect(result.textContent).toContain('Liv');
    expect(result.textContent).toContain('Marketing email: consent given');
    expect(result.textContent).toContain('Marketing messages on KakaoTalk: refused');
    expect(status.querySelector('a[download]')!.getAttribute('download')).toBe(`consent-receipt-${receipt.id}.json`);
    expect(status.querySelector('a[target=_blank]')!.getAttribute('href')).toMatch(
      new RegExp(`^http://localhost:8787/v1/receipts/${receipt.id}\\?secret=[\\w-]{32}$`),
    );
    expect(w.api.get()).toMatchObject({
      categories: { analytics: true, marketing: false },
      channels: { email: true, sms: false },
    });
    expect(readConsentCookie(document.cookie)).toMatchObject({ channels: ['email'] });
  });

  it('Esc closes the settings dialog and returns to the banner', async () => {
    await startWidget({ site: 'liv' });
    const root = await shadow();
    fireEvent.click(button(root, /^Settings$/));
    const dialog = await until(() => root.querySelector('[aria-modal=true]'), 'the settings dialog');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await until(
      () => (root.querySelector('[aria-modal=true]') ? undefined : root.querySelector('.banner')),
      'the banner again',
    );
  });

  it('withdraw deletes the cookies of the withdrawn categories and stores a withdrawal receipt', async () => {
    const w = await startWidget({ site: 'liv' });
    await w.api.accept();
    document.cookie = 'demo_ads_id=m1; Path=/';
    document.cookie = 'demo_ads_seen=1; Path=/';
    document.cookie = 'demo_analytics_id=a1; Path=/';
    await w.api.withdraw();
    expect(document.cookie).not.toMatch(/demo_ads_id|demo_ads_seen|demo_analytics_id/);
    const receipts = await storedReceipts(w);
    expect(receipts.map((r) => r.action)).toEqual(['accept_all', 'withdraw']);
    expect(receipts[1].choices.categories).toEqual({ necessary: true, analytics: false, marketing: false });
  });
});

describe('policy versions', () => {
  it('asks again when a new policy version takes effect; the old receipt stays', async () => {
    const w = await startWidget({ site: 'leepeem', now: () => Date.parse('2026-11-22T09:30:00Z') });
    await w.api.reject();
    expect(w.api.get()?.policy).toBe('2025-02');
    const later = await startWidget({ site: 'leepeem', now: () => Date.parse('2027-06-02T09:30:00Z') });
    expect(later.api.get()).toBeNull();
    const root = await shadow();
    expect(root.querySelector('.reason')!.textContent).toMatch(/privacy notice has changed/);
    await later.api.reject();
    expect(later.api.get()?.policy).toBe('2027-01');
  });

  it('announces a coming change in the banner and the notice viewer', async () => {
    await startWidget({ site: 'leepeem' });
    const root = await shadow();
    // Dates in the visitor's locale; a phone shows the short form (CSS picks one of the two).
    expect(root.querySelector('.coming .wide')!.textContent).toBe(
      'An updated notice, announced on November 20, 2026, takes effect on June 1, 2027.',
    );
    expect(root.querySelector('.coming .narrow')!.textContent).toBe('New notice from June 1, 2027.');
    fireEvent.click(button(root, /^Read the new version$/));
    const dialog = await until(() => root.querySelector('.notice'), 'the notice');
    expect(dialog.querySelector('.meta')!.textContent).toBe(
      'Version 2025-02 · Announced on February 1, 2025 · In effect from February 1, 2025',
    );
    expect(dialog.textContent).toContain('You have the right to refuse.');
    expect(dialog.textContent).toContain('Lee Young-woo');
    // The coming version can be read before it takes effect, with what changes and why.
    const coming = dialog.querySelector('.coming-version')!;
    expect(coming.querySelector('summary')!.textContent).toBe('Version 2027-01, in effect from 2027-06-01');
    expect(coming.textContent).toContain('What changes and why');
    expect(coming.textContent).toContain('online booking system is run for us by an outside provider');
    expect(coming.textContent).toContain('From 1 June 2027 the notice adds the online booking system');
  });
});

describe('Global Privacy Control', () => {
  it('says why marketing starts off, records the signal, and an explicit accept overrides it', async () => {
    const w = await startWidget({ site: 'liv', gpc: true });
    const root = await shadow();
    expect(root.querySelector('.gpc')!.textContent).toMatch(/Global Privacy Control/);
    fireEvent.click(button(root, /^Accept all$/));
    const [receipt] = await receiptsSoon(w);
    expect(receipt.signals.gpc).toBe(true);
    expect(receipt.choices.categories?.marketing).toBe(true);
    expect(readConsentCookie(document.cookie)!.gpc).toBe(true);
  });
});

describe('Assent.show()', () => {
  it('opens the banner again once a decision exists, and a new choice there is recorded', async () => {
    const w = await startWidget({ site: 'liv' });
    fireEvent.click(button(await shadow(), /^Reject all$/));
    await receiptsSoon(w);
    await until(
      () => !document.querySelector('assent-consent')?.shadowRoot?.querySelector('.banner'),
      'the banner closed',
    );
    w.api.show();
    const root = await shadow();
    fireEvent.click(button(root, /^Accept all$/));
    const receipts = await receiptsSoon(w, 2);
    expect(receipts.map((r) => r.action)).toEqual(['reject_all', 'accept_all']);
  });
});

describe("children's consent (LEEPEEM)", () => {
  it("needs the age answer to allow anything, then the guardian for under-14s, recorded as the guardian's decision", async () => {
    const w = await startWidget({ site: 'leepeem' });
    const root = await shadow();
    fireEvent.click(button(root, /^Accept all$/));
    expect((await until(() => root.querySelector('[role=alert]'), 'the age alert')).textContent).toBe(
      'Please answer the age question.',
    );
    expect(await storedReceipts(w)).toHaveLength(0);
    const [, under] = [...root.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    fireEvent.click(under!);
    await until(() => root.textContent?.includes('You are under 14.'), 'the guardian form');
    fireEvent.click(button(root, /^Accept all$/));
    await until(() => root.querySelectorAll('.error').length === 1, 'the guardian field flagged');
    expect([...root.querySelectorAll('.error')].map((e) => e.textContent)).toEqual(['Please fill this in.']);
    // The banner names the guardian only: their contact goes to a code request, never into the receipt.
    expect(root.querySelector('#b-gcontact')).toBeNull();
    fireEvent.input(root.querySelector('#b-gname')!, { target: { value: 'Kim Min-ji' } });
    fireEvent.click(button(root, /^Accept all$/));
    const [receipt] = await receiptsSoon(w);
    expect(receipt.guardian).toEqual({ name: 'Kim Min-ji' });
    expect(receipt.age).toBe('child');
    // LEEPEEM never shares children's data: "accept all" leaves its third-party advertising category off.
    expect(receipt.choices.categories).toEqual({ necessary: true, analytics: true, marketing: false });
    expect(receipt.action).toBe('custom');
    // And until the guardian is verified nothing optional runs in this browser.
    expect(w.api.get()?.categories).toEqual({ necessary: true, analytics: false, marketing: false });
  });

  it('an adult answer goes on the receipt', async () => {
    const w = await startWidget({ site: 'leepeem' });
    const root = await shadow();
    fireEvent.click(root.querySelectorAll<HTMLInputElement>('input[type=radio]')[0]!);
    fireEvent.click(button(root, /^Accept all$/));
    const [receipt] = await receiptsSoon(w);
    expect(receipt).toMatchObject({ age: 'adult', action: 'accept_all' });
    expect(receipt.guardian).toBeUndefined();
  });

  it('refusing needs no age answer', async () => {
    const w = await startWidget({ site: 'leepeem' });
    fireEvent.click(button(await shadow(), /^Reject all$/));
    const [receipt] = await receiptsSoon(w);
    expect(receipt.action).toBe('reject_all');
    expect(receipt.guardian).toBeUndefined();
  });
});

describe('languages', () => {
  it.each([
    ['ko', '모두 동의'],
    ['ja', 'すべて同意'],
    ['zh-CN', '全部接受'],
    ['zh-TW', '全部接受'],
  ])('%s strings', async (lang, accept) => {
    const leepeem = demoLeepeem();
    const configs = [{ ...leepeem, languages: ['ko', 'en', 'ja', 'zh-CN', 'zh-TW'] }];
    await startWidget({ site: 'leepeem', language: lang, configs });
    const root = await shadow();
    expect(root.querySelector('.actions button')!.textContent).toBe(accept);
    if (lang === 'zh-TW') expect(root.querySelector('h2')!.textContent).toBe('您的隱私選擇'); // not 您的隐私选择
    if (lang === 'zh-CN') expect(root.querySelector('h2')!.textContent).toBe('您的隐私选择');
  });
});
