/**
 * The same three-category clinic page (necessary, analytics, marketing; two gated scripts) for Assent and its
 * peers, plus the page with no banner at all (the floor). Used by bench/widget.ts.
 */
const BODY = `<h1>Seoul Demo Clinic</h1>
<p>Consultations in Korean, English, Japanese and Chinese. Book a visit online or by phone.</p>
<p>Our surgeons have treated patients from more than forty countries. Read about our treatments, see before-and-after
photos, and ask us anything in the consultation form.</p>
<p>Opening hours: Monday to Saturday, 10:00 to 19:00.</p>`;

const page = (head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Seoul Demo Clinic</title><link rel="icon" href="data:,">
<style>body{font:16px/1.6 system-ui,sans-serif;margin:0 auto;padding:24px;max-width:760px}</style>
${head}</head><body>${BODY}
${body}</body></html>`;

const texts = {
  title: 'Your privacy choices',
  description:
    'We use necessary cookies to run the site. With your consent we also use analytics and marketing cookies.',
};

export const PAGES: Record<string, string> = {
  floor: page('', ''),
  assent: page(
    '<script src="/assent.js" data-site="bench"></script>',
    `<script type="text/plain" data-assent="analytics" src="/demo/analytics.js"></script>
<script type="text/plain" data-assent="marketing" src="/demo/marketing.js"></script>`,
  ),
  cookieconsent: page(
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
  ),
  klaro: page(
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
  ),
};

/** How to find each widget's banner and its "accept all" button, in the page. */
export const PROBES: Record<string, { banner: string; accept: string }> = {
  assent: {
    banner: `document.querySelector('assent-consent')?.shadowRoot?.querySelector('.banner')`,
    accept: `document.querySelector('assent-consent')?.shadowRoot?.querySelector('.actions button')`,
  },
  cookieconsent: {
    banner: `document.querySelector('#cc-main .cm')`,
    accept: `document.querySelector('#cc-main .cm [data-role=all]')`,
  },
  klaro: {
    banner: `document.querySelector('.klaro .cookie-notice')`,
    accept: `document.querySelector('.klaro .cookie-notice .cm-btn-success')`,
  },
};
