// @vitest-environment happy-dom
import { fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { resetDocument, startWidget, storedReceipts, until } from './harness';

afterEach(resetDocument);

/** A page with the clinic's own form and Assent's block in it, the way the demo's consultation page has it. */
async function consultationPage(online: () => boolean = () => true) {
  document.body.innerHTML = `<form id="f"><input name="name" value="Kim"><div data-assent-form="consultation"></div>
<button type="submit">Send</button></form>`;
  const submitted: FormData[] = [];
  document.getElementById('f')!.addEventListener('submit', (e) => {
    e.preventDefault();
    submitted.push(new FormData(e.target as HTMLFormElement));
  });
  const w = await startWidget({ site: 'liv', online });
  const el = document.querySelector<
    HTMLElement & { assentForm?: { status(): { complete: boolean; missing: string[] } } }
  >('[data-assent-form]')!;
  await w.api.renderForm(el);
  const root = await until(() => el.querySelector('assent-form')?.shadowRoot, 'the form block');
  const box = (id: string) => root.querySelector<HTMLInputElement>(`#af-consultation-${id}`)!;
  return { w, el, root, box, submitted, form: document.getElementById('f') as HTMLFormElement };
}

describe('the consent block of a site’s form', () => {
  it('holds the submission until the required consents are given, then records one receipt and lets it go', async () => {
    const { w, el, root, box, submitted, form } = await consultationPage();
    const events: string[] = [];
    for (const type of ['assent:form-invalid', 'assent:form-recorded'])
      el.addEventListener(type, () => events.push(type));
    expect(el.assentForm!.status()).toMatchObject({ complete: false, missing: ['consultation', 'health'] });
    // Never pre-ticked; the legal-basis notice has no checkbox.
    expect([...root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].some((b) => b.checked)).toBe(false);
    expect(box('records')).toBeNull();

    form.requestSubmit();
    await until(() => root.querySelector('[role=alert]'), 'the message');
    expect(submitted).toHaveLength(0);
    expect(events).toEqual(['assent:form-invalid']);
    expect(await storedReceipts(w)).toHaveLength(0);

    fireEvent.click(box('consultation'));
    fireEvent.click(box('health'));
    expect(el.assentForm!.status()).toMatchObject({ complete: true, missing: [] });
    form.requestSubmit();
    await until(() => submitted.length, 'the page’s own submit');
    const [receipt] = await storedReceipts(w);
    expect(receipt).toMatchObject({
      form: 'consultation',
      choices: { consents: { consultation: true, health: true } },
      signals: { shownBy: 'assent' },
    });
    expect(submitted[0]!.get('assent_receipt')).toBe(receipt.id);
    // With the secret the site's back end can read the receipt back from the collector and check it.
    const secret = String(submitted[0]!.get('assent_receipt_secret'));
    const back = await w.collector.app.request(`/v1/receipts/${receipt.id}?secret=${secret}`);
    expect((await back.json()).choices.consents).toEqual({ consultation: true, health: true });
    expect(events).toEqual(['assent:form-invalid', 'assent:form-recorded']);
  });

  it('a submission that did not get through is sent again under the same receipt, not a second one', async () => {
    let up = true;
    const { w, root, box, submitted, form } = await consultationPage(() => up);
    fireEvent.click(box('consultation'));
    fireEvent.click(box('health'));
    up = false;
    form.requestSubmit();
    await until(
      () => root.querySelector('[role=alert]')?.textContent?.includes('could not be recorded'),
      'the failure',
    );
    expect(submitted).toHaveLength(0);
    up = true;
    form.requestSubmit();
    await until(() => submitted.length, 'the page’s own submit');
    const stored = await storedReceipts(w);
    expect(stored).toHaveLength(1);
    expect(submitted[0]!.get('assent_receipt')).toBe(stored[0].id);
  });

  it('"agree to all" ticks each consent, each stays separately visible and can be unticked', async () => {
    const { root, box } = await consultationPage();
    fireEvent.click([...root.querySelectorAll('button')].find((b) => b.textContent === 'Agree to all of the below')!);
    expect(box('consultation').checked && box('health').checked).toBe(true);
    const kakao = root.querySelector<HTMLInputElement>('input[name=kakaotalk]')!;
    expect(kakao.checked).toBe(true);
    fireEvent.click(kakao);
    expect(kakao.checked).toBe(false);
  });
});

describe('the JS API asks the age where the site does', () => {
  it('records nothing without the answer, and the answer when given', async () => {
    const w = await startWidget({ site: 'leepeem' });
    await w.api.accept();
    expect(await storedReceipts(w)).toHaveLength(0);
    expect(String(w.errors.at(-1))).toContain('age answer required');
    await w.api.accept(undefined, { age: 'adult' });
    const [receipt] = await storedReceipts(w);
    expect(receipt).toMatchObject({ action: 'accept_all', age: 'adult' });
  });

  it("a child's API decision needs the guardian, keeps third parties off on LEEPEEM, and allows nothing yet", async () => {
    const w = await startWidget({ site: 'leepeem' });
    await w.api.accept(undefined, { age: 'child' });
    expect(await storedReceipts(w)).toHaveLength(0);
    await w.api.accept(undefined, { age: 'child', guardian: { name: 'Park Seo-yeon' } });
    const [receipt] = await storedReceipts(w);
    expect(receipt).toMatchObject({
      action: 'custom',
      age: 'child',
      guardian: { name: 'Park Seo-yeon' },
      guardianCheck: { status: 'pending' },
      choices: { categories: { necessary: true, analytics: true, marketing: false } },
    });
    expect(w.api.get()?.categories).toEqual({ necessary: true, analytics: false, marketing: false });
  });
});
