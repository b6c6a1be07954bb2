import type { LoaderSite } from '../../protocol';
import { CONSENT_MODE_TYPES } from '../../protocol/constants';

type Gtag = (...args: unknown[]) => void;
type Win = Window & { dataLayer?: unknown[]; gtag?: Gtag; uetq?: unknown[]; clarity?: Gtag & { q?: unknown[] } };

/**
 * The consent signals tags read, from the site config's Consent Mode types: Google Consent Mode v2, Microsoft UET
 * consent mode (`ad_storage`) and Microsoft Clarity's consent API v2 (`ad_Storage`, `analytics_Storage`) — each
 * `default` before any tag runs, `update` on every change, queued the way each vendor's own snippet queues.
 */
export function consentMode(win: Win, site: LoaderSite) {
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
  const clarity: Gtag =
    win.clarity ||
    (win.clarity = function () {
      (win.clarity!.q = win.clarity!.q || []).push(arguments);
    });
  const send = (kind: string, allowed: ReadonlySet<string>) => {
    const s = signals(allowed);
    gtag('consent', kind, kind === 'default' ? { ...s, wait_for_update: 500 } : s);
    (win.uetq = win.uetq || []).push('consent', kind, { ad_storage: s.ad_storage });
    clarity('consentv2', { ad_Storage: s.ad_storage, analytics_Storage: s.analytics_storage });
  };
  return {
    default: (allowed: ReadonlySet<string>) => send('default', allowed),
    update: (allowed: ReadonlySet<string>) => send('update', allowed),
  };
}
