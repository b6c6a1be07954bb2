import { useEffect, useState } from 'preact/hooks';
import { ApiError, staffApi, type StaffApi } from './api';
import { STRINGS, pick, type Lang, type Strings } from './i18n';
import type { Me, Range, SiteInfo } from './types';
import { AccessLog } from './views/access-log';
import { Duties } from './views/duties';
import { Overview } from './views/overview';
import { Receipts } from './views/receipts';
import { Scan } from './views/scan';
import { SignIn } from './views/sign-in';
import { Subject } from './views/subject';

/** What every view gets: the signed-in API, the strings, the chosen site and range. */
export interface Ctx {
  api: StaffApi;
  t: Strings;
  lang: Lang;
  site: SiteInfo;
  range: Range;
  /** Opens a subject's history (from a receipt row). */
  openSubject: (subject: string) => void;
  /** The signed-in staff member's name (what their recorded decisions say). */
  staffName: string;
}

const TABS = ['overview', 'receipts', 'subject', 'duties', 'scan', 'accessLog'] as const;
type Tab = (typeof TABS)[number];

/** The viewer's calendar day (en-CA formats as YYYY-MM-DD). */
const day = (t: number) => new Date(t).toLocaleDateString('en-CA');
const initialLang = (): Lang => (navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en');

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [session, setSession] = useState<{ api: StaffApi; me: Me } | undefined>();
  const [siteId, setSiteId] = useState('');
  const [range, setRange] = useState<Range>(() => ({
    from: day(Date.now() - 29 * 86_400_000),
    to: day(Date.now()),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  }));
  const [tab, setTab] = useState<Tab>('overview');
  const [subjectQuery, setSubjectQuery] = useState('');
  const t = STRINGS[lang];
  useEffect(() => void (document.documentElement.lang = lang), [lang]);

  const [notice, setNotice] = useState<string>();
  async function signIn(token: string) {
    const api = staffApi(token, () => (setSession(undefined), setNotice(t.badToken)));
    try {
      const me = await api.get<Me>('/me');
      setSession({ api, me });
      setNotice(undefined);
      setSiteId(me.sites[0]?.id ?? '');
      return undefined;
    } catch (e) {
      return e instanceof ApiError && e.status === 401 ? t.badToken : `${t.error}: ${(e as Error).message}`;
    }
  }

  const langSwitch = (
    <label class="lang">
      {t.language}{' '}
      <select value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}>
        <option value="ko">한국어</option>
        <option value="en">English</option>
      </select>
    </label>
  );
  if (!session) return <SignIn t={t} onSignIn={signIn} langSwitch={langSwitch} notice={notice} />;
  const site = session.me.sites.find((s) => s.id === siteId) ?? session.me.sites[0];
  if (!site)
    return (
      <main class="page">
        <p role="alert">{t.badToken}</p>
      </main>
    );
  const ctx: Ctx = {
    api: session.api,
    t,
    lang,
    site,
    range,
    openSubject: (s) => (setSubjectQuery(s), setTab('subject')),
    staffName: session.me.name,
  };

  return (
    <div class="page">
      <header class="top">
        <h1>{t.title}</h1>
        <div class="controls">
          <label>
            {t.site}{' '}
            <select value={site.id} onChange={(e) => setSiteId((e.target as HTMLSelectElement).value)}>
              {session.me.sites.map((s) => (
                <option value={s.id} key={s.id}>
                  {pick(s.name, lang, s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.from}{' '}
            <input
              type="date"
              value={range.from}
              max={range.to}
              onChange={(e) => setRange({ ...range, from: (e.target as HTMLInputElement).value || range.from })}
            />
          </label>
          <label>
            {t.to}{' '}
            <input
              type="date"
              value={range.to}
              min={range.from}
              onChange={(e) => setRange({ ...range, to: (e.target as HTMLInputElement).value || range.to })}
            />
          </label>
          {langSwitch}
          <span class="who">{session.me.name}</span>
          <button type="button" onClick={() => setSession(undefined)}>
            {t.signOut}
          </button>
        </div>
        <nav aria-label={t.title}>
          <ul class="tabs">
            {TABS.map((id) => (
              <li key={id}>
                <button type="button" aria-current={tab === id ? 'page' : undefined} onClick={() => setTab(id)}>
                  {t[id]}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        {tab === 'overview' && <Overview {...ctx} />}
        {tab === 'receipts' && <Receipts {...ctx} />}
        {tab === 'subject' && <Subject {...ctx} initial={subjectQuery} key={subjectQuery} />}
        {tab === 'duties' && <Duties {...ctx} />}
        {tab === 'scan' && <Scan {...ctx} />}
        {tab === 'accessLog' && <AccessLog {...ctx} />}
      </main>
    </div>
  );
}
