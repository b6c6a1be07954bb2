/**
 * The same three-category clinic page (necessary, analytics, marketing; two gated scripts) for Assent and its
 * peers, plus the page with no banner at all (the floor). The peers are self-hosted on the page's origin, as their
 * docs suggest; Assent's loader comes from the collector on another origin, as a clinic would embed it. `large`
 * pages carry 5,000 more elements, to see what each script costs on a big page. Used by bench/widget.ts.
 */
const BODY = `<h1>Seoul Demo Clinic</h1>
<p>Consultations in Korean, English, Japanese and Chinese. Book a visit online or by phone.</p>
<p>Our surgeons have treated patients from more than forty countries. Read about our treatments, see before-and-after
photos, and ask us anything in the consultation form.</p>
<p>Opening hours: Monday to Saturday, 10:00 to 19:00.</p>
<p><a href="#treatments">Treatments</a> · <a href="#doctors">Doctors</a> · <a href="#book">Book</a></p>`;

const LARGE = `<ul>${Array.from({ length: 2500 }, (_, i) => `<li><span>Review ${i}</span></li>`).join('')}</ul>`;

const page = (head: string, body: string, large: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Seoul Demo Clinic</title><link rel="icon" href="data:,">
<style>body{font:16px/1.6 system-ui,sans-serif;margin:0 auto;padding:24px;max-width:760px}</style>
${head}</head><body>${BODY}${large ? LARGE : ''}
${body}</body></html>`;

const texts = {
  title: 'Your privacy choices',
  description:
    'We use necessary cookies to run the site. With your consent we also use analytics and marketing cookies.',
};

const bodies = (collector: string): Record<string, [string, string]> => ({
  floor: ['', ''],
  assent: [
    `<script async src="${collector}/assent.js?site=bench&lang=en"></script>`,
    `<script type="text/plain" data-assent="analytics" src="/demo/analytics.js"></script>
<script type="text/plain" data-assent="marketing" src="/demo/marketing.js"></script>`,
  ],
  cookieconsent: [
    '<link rel="stylesheet" href="/demo/cc/cookieconsent.css"><script src="/demo/cc/cookieconsent.umd.js"></script>',
    `<script type="text/plain" data-category="analytics" src="/demo/analytics.js"></script>
<script type="text/plain" data-category="marketing" src="/demo/marketing.js"></script>
<script>
CookieConsent.run({
  hideFromBots: false, // headless Chromium sets navigator.webdriver; Assent shows its banner to it too
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
  language: { default: 'en', translations: { en: {
    consentModal: { title: ${JSON.stringify(texts.title)}, description: ${JSON.stringify(texts.description)},
      acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Settings' },
    preferencesModal: { title: 'Privacy settings', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all',
      savePreferencesBtn: 'Save my choices', closeIconLabel: 'Close',
      sections: [
        { title: 'Necessary', description: 'Needed to run the site.', linkedCategory: 'necessary' },
        { title: 'Analytics', description: 'Counts visits.', linkedCategory: 'analytics' },
        { title: 'Marketing', description: 'Measures advertising.', linkedCategory: 'marketing' }
      ] }
  } } }
});
</script>`,
  ],
  klaro: [
    `<script>
var klaroConfig = {
  acceptAll: true, hideDeclineAll: false, mustConsent: false, storageMethod: 'cookie',
  translations: { en: {
    consentNotice: { description: ${JSON.stringify(texts.description)} },
    purposes: { analytics: 'Analytics', marketing: 'Marketing' },
  } },
  services: [
    { name: 'analytics', title: 'Analytics', purposes: ['analytics'] },
    { name: 'marketing', title: 'Marketing', purposes: ['marketing'] }
  ]
};
</script><script defer src="/demo/klaro/klaro.js"></script>`,
    `<script type="text/plain" data-type="text/javascript" data-name="analytics" data-src="/demo/analytics.js"></script>
<script type="text/plain" data-type="text/javascript" data-name="marketing" data-src="/demo/marketing.js"></script>`,
  ],
  // tarteaucitron's documented embed: the script in the head, init, one service per gated tag.
  tarteaucitron: [
    `<script src="/demo/tac/tarteaucitron.min.js"></script>
<script>
tarteaucitron.init({ hashtag: '#tarteaucitron', cookieName: 'tarteaucitron', orientation: 'bottom',
  showAlertSmall: false, cookieslist: false, highPrivacy: true, AcceptAllCta: true, DenyAllCta: true,
  handleBrowserDNTRequest: false, removeCredit: true, moreInfoLink: false, useExternalCss: false, showIcon: false,
  mandatory: true });
tarteaucitron.services.benchanalytics = { key: 'benchanalytics', type: 'analytic', name: 'Analytics',
  needConsent: true, cookies: [], js: function () { tarteaucitron.addScript('/demo/analytics.js'); } };
tarteaucitron.services.benchmarketing = { key: 'benchmarketing', type: 'ads', name: 'Marketing',
  needConsent: true, cookies: [], js: function () { tarteaucitron.addScript('/demo/marketing.js'); } };
(tarteaucitron.job = tarteaucitron.job || []).push('benchanalytics', 'benchmarketing');
</script>`,
    '',
  ],
});

export const LIBS = ['assent', 'cookieconsent', 'klaro', 'tarteaucitron'] as const;
export const PEERS = LIBS.filter((l) => l !== 'assent');

/** `/demo/<lib>.html` and `/demo/<lib>-large.html` for the floor and every library. */
export function pages(collector: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(bodies(collector)).flatMap(([lib, [head, body]]) => [
      [lib, page(head, body, false)],
      [`${lib}-large`, page(head, body, true)],
    ]),
  );
}

/** How to find each widget's banner and its "accept all" button, in the page. */
export const PROBES: Record<string, { banner: string; accept: string }> = {
  assent: {
    banner: `document.querySelector('assent-consent')?.shadowRoot?.querySelector('.banner')`,
    accept: `document.querySelector('assent-consent')?.shadowRoot?.querySelector('[data-assent-action=accept]')`,
  },
  cookieconsent: {
    banner: `document.querySelector('#cc-main .cm')`,
    accept: `document.querySelector('#cc-main .cm [data-role=all]')`,
  },
  klaro: {
    banner: `document.querySelector('.klaro .cookie-notice')`,
    accept: `document.querySelector('.klaro .cookie-notice .cm-btn-success')`,
  },
  tarteaucitron: {
    banner: `document.querySelector('#tarteaucitronAlertBig')`,
    accept: `document.querySelector('#tarteaucitronPersonalize2')`,
  },
};
