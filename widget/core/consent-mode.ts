import type { LoaderSite } from '../../protocol';
import { CONSENT_MODE_TYPES } from '../../protocol/constants';

type Gtag = (...args: unknown[]) => void;

/** Google Consent Mode v2: `default` before any tag runs, `update` on every change. Mapping from the site config. */
export function consentMode(win: Window & { dataLayer?: unknown[]; gtag?: Gtag }, site: LoaderSite) {
  win.dataLayer = win.dataLayer || [];
  // gtag queues the `arguments` object itself (not an array of them), as Google's snippet does.
  const gtag: Gtag =
    win.gtag ||
    function () {
      win.dataLayer!.push(arguments);
    };
  const signals = (allowed: ReadonlySet<string>) => {
    const out: Record<string, string> = {};
    for (const t of CONSENT_MODE_TYPES) out[t] = 'denied';
    for (const c of site.categories)
      if (c.required || allowed.has(c.id)) for (const t of c.consentMode) out[t] = 'granted';
    return out;
  };
  return {
    default: (allowed: ReadonlySet<string>) =>
      gtag('consent', 'default', { ...signals(allowed), wait_for_update: 500 }),
    update: (allowed: ReadonlySet<string>) => gtag('consent', 'update', signals(allowed)),
  };
}
