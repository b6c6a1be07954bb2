import type { StoredReceipt } from '../../protocol';
import type { FormStrings } from './strings';

/** What asking for a code or entering one came to. */
export type CodeSent = 'sent' | 'staff' | 'failed';
export type CodeChecked = { receipt: StoredReceipt } | { error: string };

/**
 * The collector's guardian routes (`v1/guardian/<receipt>/code|verify`), carrying the pending receipt's secret:
 * shared by the form block and the banner's guardian step.
 */
export function guardianClient(win: Window, base: string, f: FormStrings) {
  const post = (receipt: string, step: 'code' | 'verify', body: object) =>
    win
      .fetch(new URL(`v1/guardian/${encodeURIComponent(receipt)}/${step}`, base).href, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      .catch(() => undefined);
  return {
    /** `staff`: the site has no code gateway; the contact is kept for the clinic's call. */
    async sendCode(receipt: string, secret: string, contact: string, language: string): Promise<CodeSent> {
      const res = await post(receipt, 'code', { secret, contact: contact.trim(), language });
      if (res?.status === 202) return 'sent';
      if (res?.status === 409 && (await res.json().catch(() => ({}))).type?.endsWith('no-code-gateway')) return 'staff';
      return 'failed';
    },
    async verify(receipt: string, secret: string, code: string): Promise<CodeChecked> {
      if (!/^\d{6}$/.test(code)) return { error: f.wrongCode };
      const res = await post(receipt, 'verify', { secret, code });
      if (res?.status === 201) return { receipt: (await res.json()) as StoredReceipt };
      return { error: res?.status === 410 ? f.expired : res?.status === 422 ? f.wrongCode : f.codeFailed };
    },
  };
}
