/**
 * Part of `npm run build`: renders each demo clinic's pages (home, privacy, the clinic's own form with Assent's
 * consent block, a newsletter sign-up) in Korean and English from one template into dist/demo/, instead of keeping
 * sixteen near-copies of the same HTML. The clinic names come from the site configs; the rest of the wording is here.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist/demo');

type Lang = 'ko' | 'en';
interface SitePages {
  tagline: string;
  signup: string;
  ownBoxes?: boolean;
  /** The clinic's own form with Assent's consent block: its path and its title. */
  form: { path: string; id: string; title: string };
}
/** Each clinic's own session cookie (declared in its config as the site's own, strictly necessary service). */
const SESSION: Record<string, string> = { leepeem: 'PHPSESSID', liv: 'liv_session' };

const SITES: Record<string, Record<Lang, SitePages>> = {
  leepeem: {
    ko: {
      tagline: '안전하고 자연스러운 아름다움',
      signup: '소식 받기',
      ownBoxes: true,
      form: { path: 'signup', id: 'signup', title: '회원가입' },
    },
    en: {
      tagline: 'Safe, natural results',
      signup: 'News sign-up',
      ownBoxes: true,
      form: { path: 'signup', id: 'signup', title: 'Membership registration' },
    },
  },
  liv: {
    ko: {
      tagline: '카카오톡으로 간편하게 상담하세요',
      signup: '소식 받기',
      form: { path: 'consultation', id: 'consultation', title: '상담 신청' },
    },
    en: {
      tagline: 'Consult with us in one tap with KakaoTalk',
      signup: 'News sign-up',
      form: { path: 'consultation', id: 'consultation', title: 'Consultation request' },
    },
  },
};
/** The fields of each clinic's own form (the seeds' items); Assent adds only the consent block. */
const FIELDS: Record<string, Record<Lang, string>> = {
  signup: {
    ko: `<label>이름 <input type="text" name="name" autocomplete="name" required></label>
<label>아이디 <input type="text" name="username" autocomplete="username" required></label>
<label>비밀번호 <input type="password" name="password" autocomplete="new-password" required></label>
<label>이메일 <input type="email" name="email" autocomplete="email" required></label>
<label>휴대전화 <input type="tel" name="phone" autocomplete="tel" required></label>
<label>주소 <input type="text" name="address" autocomplete="street-address"></label>
<label>외국인등록번호 또는 여권번호 (외국인만) <input type="text" name="foreigner_id" autocomplete="off"></label>`,
    en: `<label>Name <input type="text" name="name" autocomplete="name" required></label>
<label>ID <input type="text" name="username" autocomplete="username" required></label>
<label>Password <input type="password" name="password" autocomplete="new-password" required></label>
<label>Email <input type="email" name="email" autocomplete="email" required></label>
<label>Mobile <input type="tel" name="phone" autocomplete="tel" required></label>
<label>Address <input type="text" name="address" autocomplete="street-address"></label>
<label>Alien registration or passport number (foreigners only) <input type="text" name="foreigner_id" autocomplete="off"></label>`,
  },
  consultation: {
    ko: `<label>이름 <input type="text" name="name" autocomplete="name" required></label>
<label>연락처 <input type="tel" name="phone" autocomplete="tel" required></label>
<label>상담 내용 <textarea name="details" rows="4" required></textarea></label>`,
    en: `<label>Name <input type="text" name="name" autocomplete="name" required></label>
<label>Contact number <input type="tel" name="phone" autocomplete="tel" required></label>
<label>What would you like to ask? <textarea name="details" rows="4" required></textarea></label>`,
  },
};
const T: Record<Lang, Record<string, string>> = {
  ko: {
    home: '홈',
    privacy: '개인정보 처리방침',
    settings: '쿠키 설정',
    optOut: '개인정보 판매·공유 거부',
    scripts: '동의 후 실행된 스크립트',
    video: '시술 안내 영상',
    other: 'English',
    email: '이메일 광고 수신 동의 (선택)',
    sms: '문자 광고 수신 동의 (선택)',
    age: '만 14세 이상입니까?',
    yes: '예',
    no: '아니요',
    name: '이름',
    emailField: '이메일',
    phone: '휴대전화',
    submit: '가입하기',
    send: '보내기',
    consentsLoading: '동의 항목을 불러오는 중입니다. 동의 없이 보낼 수 없습니다.',
    optInsLoading: '광고성 정보 수신 선택 항목을 불러오는 중입니다.',
    intro: '이 방침의 전체 내용과 버전, 시행일은 아래 버튼으로 볼 수 있습니다.',
    show: '처리방침 보기',
  },
  en: {
    home: 'Home',
    privacy: 'Privacy notice',
    settings: 'Cookie settings',
    optOut: 'Do Not Sell or Share My Personal Information',
    scripts: 'Scripts that ran after consent',
    video: 'Treatment video',
    other: '한국어',
    email: 'Marketing email (optional)',
    sms: 'Marketing SMS (optional)',
    age: 'Are you 14 or older?',
    yes: 'Yes',
    no: 'No',
    name: 'Name',
    emailField: 'Email',
    phone: 'Mobile',
    submit: 'Sign up',
    send: 'Send',
    consentsLoading: 'Loading the consents; the form cannot be sent without them.',
    optInsLoading: 'Loading the marketing choices…',
    intro: 'The full notice, its version and effective date are one click away.',
    show: 'Show the notice',
  },
};

function body(kind: string, t: Record<string, string>, name: string, site: SitePages, lang: Lang) {
  if (kind === 'form')
    return `<form data-clinic-form method="post" action="#">
<h1>${site.form.title}</h1>
${FIELDS[site.form.id]![lang]}
<div data-assent-form="${site.form.id}"><p>${t.consentsLoading}</p></div>
<button type="submit">${site.form.id === 'signup' ? t.submit : t.send}</button>
<output aria-live="polite"></output>
</form>
<script src="/demo/shared/clinic-form.js"></script>`;
  if (kind === 'index')
    return `<section class="hero"><h1>${name}</h1><p>${site.tagline}</p></section>
<h2>${t.scripts}</h2>
<ol id="script-log" class="log"></ol>
<h2>${t.video}</h2>
<iframe title="${t.video}" data-assent="marketing" data-assent-src="/demo/shared/video.html"></iframe>
<script type="text/plain" data-assent="analytics" src="/demo/shared/analytics.js"></script>
<script type="text/plain" data-assent="marketing" src="/demo/shared/marketing.js"></script>`;
  if (kind === 'privacy')
    return `<section class="hero"><h1>${t.privacy}</h1><p>${t.intro}</p>
<p><button type="button" id="show-notice">${t.show}</button> <button type="button" data-assent-open>${t.settings}</button></p></section>
<script src="/demo/shared/privacy.js"></script>`;
  return `<form data-signup>
<h1>${site.signup}</h1>
<label>${t.name} <input type="text" name="name" autocomplete="name" required></label>
<label>${t.emailField} <input type="email" name="email" autocomplete="email" required></label>
<label>${t.phone} <input type="tel" name="phone" autocomplete="tel"></label>
${
  // LEEPEEM draws its own boxes (the receipt says the site showed the texts); Liv lets Assent draw its opt-ins,
  // each with its four facts, KakaoTalk included (the receipt says Assent showed them).
  site.ownBoxes
    ? `<fieldset><legend>${t.age}</legend><label><input type="radio" name="age" value="adult" required> ${t.yes}</label>
<label><input type="radio" name="age" value="child"> ${t.no}</label></fieldset>
<label><input type="checkbox" name="email_opt_in"> ${t.email}</label>
<label><input type="checkbox" name="sms_opt_in"> ${t.sms}</label>`
    : `<div data-assent-opt-ins><p>${t.optInsLoading}</p></div>`
}
<button type="submit">${t.submit}</button>
<output aria-live="polite"></output>
</form>
<script src="/demo/shared/signup.js"></script>`;
}

rmSync(OUT, { recursive: true, force: true });
for (const [id, texts] of Object.entries(SITES)) {
  const config = JSON.parse(readFileSync(join(ROOT, 'demo/sites', `${id}.json`), 'utf8')) as {
    name: Record<Lang, string>;
  };
  for (const lang of ['ko', 'en'] as const) {
    const t = T[lang];
    const site = texts[lang];
    const base = `/demo/${id}/${lang === 'ko' ? '' : 'en/'}`;
    const otherBase = `/demo/${id}/${lang === 'ko' ? 'en/' : ''}`;
    // Each page and where it is written; the form pages are directories (/demo/leepeem/signup/).
    const pages: [kind: string, path: string][] = [
      ['index', ''],
      ['privacy', 'privacy.html'],
      ['newsletter', 'newsletter.html'],
      ['form', `${site.form.path}/`],
      // For `assent scan` to find something: LEEPEEM's home page again, with a tag Assent does not hold.
      ...(id === 'leepeem' ? ([['index', 'broken/']] as [string, string][]) : []),
    ];
    for (const [kind, path] of pages) {
      const broken = path === 'broken/';
      const file = join(OUT, id, lang === 'ko' ? '' : 'en', path.endsWith('/') || !path ? `${path}index.html` : path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(
        file,
        `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${config.name[lang]}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/demo/shared/demo.css">
<script async src="/assent.js?site=${id}&amp;lang=${lang}"></script>
</head>
<body>
<header><strong>${config.name[lang]}</strong><a href="${base}">${t.home}</a><a href="${base}privacy.html">${t.privacy}</a>
<a href="${base}${site.form.path}/">${site.form.title}</a><a href="${base}newsletter.html">${site.signup}</a>
<a href="#" data-assent-open data-opt-out="${t.optOut}">${t.settings}</a><a href="${otherBase}${path}">${t.other}</a></header>
<main>
${body(kind, t, config.name[lang], site, lang)}
</main>
<script src="/demo/shared/session.js" data-cookie="${SESSION[id]}"></script>
<script src="/demo/shared/privacy-link.js"></script>${
          broken ? '\n<script src="/demo/shared/ungated-tracker.js"></script>' : ''
        }
</body>
</html>
`,
      );
    }
  }
}
console.log(`demo pages written to ${OUT}`);
