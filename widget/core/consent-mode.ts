import type { LoaderSite } from '../../protocol';

type Gtag = (...args: unknown[]) => void;
const TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage'];

/** Google Consent Mode v2: `default` before any tag runs, `update` on every change. Mapping from the site config. */
export function consentMode(win: Window & { dataLayer?: unknown[]; gtag?: Gtag }, site: LoaderSite) {
  win.dataLayer = win.dataLayer || [];
  // gtag queues the `arguments` object itself, as Google's snippet does.
  const gtag: Gtag =
    win.gtag ||
    function () {
      // eslint-disable-next-line prefer-rest-params
      win.dataLayer!.push(arguments);
    };
  const signals = (allowed: ReadonlySet<string>) => {
    const out: Record<string, string> = {};
    for (const t of TYPES) out[t] = 'denied';
    for (const c of site.categories) if (c.required || allowed.has(c.id)) for (const t of c.consentMode) out[t] = 'granted';
    return out;
  };
  return {
    default: (allowed: ReadonlySet<string>) => gtag('consent', 'default', { ...signals(allowed), wait_for_update: 500 }),
    update: (allowed: ReadonlySet<string>) => gtag('consent', 'update', signals(allowed)),
  };
}
