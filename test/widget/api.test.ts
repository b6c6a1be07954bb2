// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { readConsentCookie } from '../../protocol';
import { newPage, resetDocument, startWidget, storedReceipts as receipts } from './harness';

afterEach(resetDocument);

describe('window.Assent', () => {
  it('fires ready and change, as callbacks and DOM events', async () => {
    const events: string[] = [];
    document.addEventListener('assent:change', () => events.push('dom:change'));
    const w = await startWidget({ site: 'liv' });
    w.api.on('ready', (d) => events.push(`ready:${d === null}`));
    const off = w.api.on('change', (d) => events.push(`change:${d?.categories.analytics}`));
    await w.api.accept(['analytics']);
    off();
    await w.api.reject();
    expect(events).toEqual(['ready:true', 'change:true', 'dom:change', 'dom:change']);
  });

  it('accept(categories) allows only those; reject refuses all; receipts say method api', async () => {
    const w = await startWidget({ site: 'liv' });
    await w.api.accept(['marketing']);
    expect(w.api.get()!.categories).toEqual({ necessary: true, analytics: false, marketing: true });
    await w.api.reject();
    expect(w.api.get()!.categories).toEqual({ necessary: true, analytics: false, marketing: false });
    expect((await receipts(w)).map((r) => [r.action, r.method])).toEqual([
      ['custom', 'api'],
      ['reject_all', 'api'],
    ]);
  });

  it('identify() adds the member reference to later receipts; a bad one is reported (not thrown) and left out', async () => {
    const w = await startWidget({ site: 'liv' });
    w.api.identify('x');
    await w.api.accept(['analytics']);
    expect(w.errors.map(String)).toEqual(['Error: identify: bad member reference']);
    w.api.identify('sha256:9f86d081884c7d65');
    await w.api.accept();
    const [first, second] = await receipts(w);
    expect(first.member).toBeUndefined();
    expect(second.member).toBe('sha256:9f86d081884c7d65');
  });

  it("identify() with the person's phone and email: the collector gets them, keeps only their keyed hashes", async () => {
    const w = await startWidget({ site: 'liv' });
    w.api.identify({ member: 'member:park-2207', phone: '010 1234 5678', email: 'Park@Example.com' });
    await w.api.accept();
    const sent = JSON.parse(w.requests.find((r) => r.url.endsWith('/v1/receipts'))!.body!);
    expect(sent.contacts).toEqual({ phone: '010 1234 5678', email: 'Park@Example.com' });
    const [stored] = await receipts(w);
    expect(stored).toMatchObject({
      member: 'member:park-2207',
      contactKeys: [expect.stringMatching(/^k1:/), expect.any(String)],
    });
    expect(JSON.stringify(stored)).not.toMatch(/1234|park@/i);
    // A number the collector would refuse is left out and reported: the decision itself is still recorded.
    w.api.identify({ phone: '1234' });
    await w.api.reject();
    expect(w.errors.map(String)).toEqual(['Error: identify: phone is not one']);
    expect((await receipts(w))[1]).toMatchObject({ action: 'reject_all' });
    expect((await receipts(w))[1].contactKeys).toBeUndefined();
  });

  it("setChannels() from a sign-up form records the form's opt-ins only, the cookie choices untouched", async () => {
    const w = await startWidget({ site: 'liv' });
    await w.api.accept(['analytics']);
    await w.api.setChannels({ email: true, sms: false });
    await w.api.setChannels({ email: false });
    await w.api.setChannels({ sms_night: true });
    const [accepted, optIn, optOut, night] = await receipts(w);
    // The cookie decision names no channel; the form's decisions name no cookie category.
    expect(accepted.choices.channels).toEqual({});
    // Night SMS is decided with SMS: named off with it.
    expect(optIn.choices).toEqual({ channels: { email: true, sms: false, sms_night: false } });
    expect(optIn.action).toBe('custom');
    // The site's own form showed the texts, not Assent: the receipt says so.
    expect(optIn.signals.shownBy).toBe('site');
    expect(optOut).toMatchObject({ action: 'custom', choices: { channels: { email: false } } });
    expect(optOut.choices.categories).toBeUndefined();
    // Night-time consent travels with its daytime consent (off here), so it is refused, not granted.
    expect(night.choices.channels).toEqual({ sms: false, sms_night: false });
    expect(w.api.get()!.categories).toMatchObject({ analytics: true, marketing: false });
    expect(w.api.get()!.channels).toMatchObject({ email: false, sms: false, sms_night: false, kakaotalk: false });
  });

  it('setChannels() on a first visit records the channels only: no cookie refusal, the banner still asks', async () => {
    const w = await startWidget({ site: 'liv' });
    await w.api.setChannels({ kakaotalk: true, kakaotalk_night: true });
    const [form] = await receipts(w);
    expect(form.choices).toEqual({ channels: { kakaotalk: true, kakaotalk_night: true } });
    expect(readConsentCookie(document.cookie)).toMatchObject({
      categories: undefined,
      channels: ['kakaotalk', 'kakaotalk_night'],
    });
    expect(w.api.get()).toBeNull(); // no cookie decision yet
  });

  it('showSettings() opens the settings dialog', async () => {
    const w = await startWidget({ site: 'liv' });
    await w.api.reject();
    w.api.showSettings();
    for (
      let i = 0;
      i < 100 && !document.querySelector('assent-consent')?.shadowRoot?.querySelector('[aria-modal=true]');
      i++
    )
      await new Promise((r) => setTimeout(r, 10));
    const dialog = document.querySelector('assent-consent')!.shadowRoot!.querySelector('[aria-modal=true]')!;
    expect(dialog.querySelector('h2')!.textContent).toBe('Privacy settings');
  });
});

describe('two sites on one host', () => {
  it("does not take another site's decision for its own", async () => {
    const liv = await startWidget({ site: 'liv' });
    await liv.api.accept();
    const leepeem = await startWidget({ site: 'leepeem' });
    expect(leepeem.api.get()).toBeNull();
  });
});

/** The loader's environment on this document, for the Liv demo site (what main.ts would pass). */
async function loaderEnv() {
  const { toLoaderSite } = await import('../../protocol');
  const { demoConfigs } = await import('../helpers/collector');
  return {
    doc: document,
    win: window,
    site: toLoaderSite(demoConfigs()[1]!, 'r', Date.UTC(2026, 11, 1)),
    language: 'en',
    gpc: false,
    layout: 'box',
    base: 'http://localhost:8787/',
    now: Date.now,
  };
}

describe('never throws into the host page', () => {
  it('an internal failure is reported once, API promises still resolve, and nothing optional runs', async () => {
    const { startLoader } = await import('../../widget/core/loader');
    const { reporter } = await import('../../widget/core/report');
    const { createScriptGate } = await import('../../widget/core/script-gate');
    document.body.innerHTML = '<script type="text/plain" data-assent="analytics">1</script>';
    const logged: unknown[] = [];
    const report = reporter((_m, e) => logged.push(e));
    const gate = createScriptGate(document);
    const api = startLoader({
      ...(await loaderEnv()),
      gate,
      outboxPending: () => false,
      loadActions: () => Promise.reject(new Error('stage two failed to load')),
      report,
    });
    await expect(api.accept()).resolves.toBeUndefined();
    await expect(api.reject()).resolves.toBeUndefined();
    api.showSettings();
    await new Promise((r) => setImmediate(r)); // its failure is handled in the microtasks already queued
    expect(logged).toHaveLength(1);
    expect(document.querySelectorAll('script[data-assent-ran]')).toHaveLength(0);
    gate.stop();
  });

  it('receipts an earlier page left waiting are sent when the page shows a banner, and once back online', async () => {
    const { startLoader } = await import('../../widget/core/loader');
    const { createScriptGate } = await import('../../widget/core/script-gate');
    document.body.innerHTML = '';
    let online = false;
    const flushed: string[] = [];
    const gate = createScriptGate(document);
    // No decision on this page (a banner to show: first visit), but the outbox cookie says receipts wait; stage two
    // cannot download until the browser is back online.
    startLoader({
      ...(await loaderEnv()),
      gate,
      outboxPending: () => true,
      loadActions: () =>
        online
          ? Promise.resolve({ flush: async () => void flushed.push('flush'), open: async () => {} } as never)
          : Promise.reject(new Error('offline')),
      report: () => {},
    });
    await new Promise((r) => setImmediate(r));
    expect(flushed).toEqual([]);
    online = true;
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setImmediate(r));
    expect(flushed).toContain('flush');
    gate.stop();
  });

  it('mounts the UI even when the tag runs before <body> exists', async () => {
    const ui = await import('../../widget/ui/index');
    const body = document.body;
    body.remove();
    try {
      const handle = ui.mountUi({
        doc: document,
        language: 'en',
        layout: 'box',
        view: 'banner',
        loadConfig: () => new Promise(() => {}),
      } as never);
      expect(document.documentElement.querySelector(':scope > assent-consent')).not.toBeNull();
      handle.unmount();
    } finally {
      document.documentElement.append(body);
    }
  });
});

describe('Global Privacy Control on a returning visit', () => {
  it('opts out of the advertising categories once, recorded as a gpc receipt; an explicit accept afterwards stands', async () => {
    const before = await startWidget({ site: 'liv' });
    await before.api.accept();
    newPage(
      '<script type="text/plain" data-assent="marketing">1</script><script type="text/plain" data-assent="analytics">2</script>',
    );
    const withGpc = await startWidget({ site: 'liv', gpc: true });
    for (let i = 0; i < 100 && (await receipts(withGpc)).length < 1; i++) await new Promise((r) => setTimeout(r, 10));
    const [optOut] = await receipts(withGpc);
    expect(optOut).toMatchObject({
      method: 'gpc',
      action: 'custom',
      signals: { gpc: true },
      choices: { categories: { necessary: true, analytics: true, marketing: false } },
    });
    // The advertising script never ran on this page; analytics did.
    expect([...document.querySelectorAll('script[data-assent-ran]')].map((s) => s.getAttribute('data-assent'))).toEqual(
      ['analytics'],
    );
    expect(withGpc.api.get()).toMatchObject({ gpc: true, categories: { marketing: false } });
    // Once recorded, the next page does not record it again; an explicit accept overrides GPC and stands.
    await withGpc.api.accept();
    const next = await startWidget({ site: 'liv', gpc: true });
    expect(next.loads.stage2).toBe(0); // the loader saw the decision made with GPC: nothing to record, nothing started
    expect(await receipts(next)).toHaveLength(0);
    expect(next.api.get()!.categories.marketing).toBe(true);
  });
});
