import type { ReceiptRequest, StoredReceipt } from '../../protocol';
import type { Decided, Decision, FormModule, Shared } from './types';

/**
 * Where stage two hands work to the form module (loaded only when needed): the consent block of the site's forms,
 * and the guardian's code step after a child's decision in the banner.
 */
export function formsHook(
  sh: Shared,
  parts: {
    loadForms?: () => Promise<FormModule>;
    decide(d: Decision): Promise<Decided>;
    deliver(r: ReceiptRequest): Promise<StoredReceipt | undefined>;
    verified(r: StoredReceipt): void;
    granted(channel: string): boolean;
  },
) {
  // Each form's block is drawn once (the loader draws data-assent-form elements; the page may call it too).
  const drawn = new WeakSet<Element>();
  return {
    async renderForm(element: Element) {
      if (!parts.loadForms || drawn.has(element)) return;
      drawn.add(element);
      const mod = await parts.loadForms();
      const shownAt = sh.now();
      await mod.mountForm({
        doc: sh.doc,
        win: sh.win,
        element,
        language: sh.language(),
        loadConfig: sh.loadConfig,
        granted: Object.fromEntries(sh.site.channels.map((c) => [c.id, parts.granted(c.id)])),
        decide: (d) => parts.decide({ shownAt, ...d }),
        resend: (r) => parts.deliver(r).catch((e) => void sh.report(e)),
        base: sh.base,
        verified: parts.verified,
      });
    },
    /** Needs the collector's answer: its secret authorises the code request. */
    guardianStep(receipt: ReceiptRequest, stored: StoredReceipt | undefined) {
      const secret = (stored as { secret?: string } | undefined)?.secret;
      if (!secret || !parts.loadForms) return;
      void parts
        .loadForms()
        .then((m) =>
          m.mountGuardianStep({
            doc: sh.doc,
            win: sh.win,
            base: sh.base,
            language: receipt.language,
            loadConfig: sh.loadConfig,
            receipt: { id: receipt.id, secret },
            verified: parts.verified,
          }),
        )
        .catch(sh.report);
    },
  };
}
