/**
 * The services clinics' sites use most, described once: a site config names one (`{ "catalogue": "youtube" }`)
 * and overrides any field; `assent scan` names what it finds by them. Texts in Korean, English, Japanese and
 * Simplified Chinese; retention as the provider documents it (checked 2026-12). Versioned: a change here changes
 * the config revision of every site that uses the entry, so receipts keep the texts they were made under.
 */
export const CATALOGUE_VERSION = '2026-12-07';

export interface CatalogueEntry {
  name: string;
  provider: string;
  /** The category it usually belongs to (the site decides). */
  category: 'necessary' | 'analytics' | 'functional' | 'marketing';
  purpose: Record<string, string>;
  /** Cookie and storage names it sets (`*`: any suffix). */
  cookies: string[];
  retention: Record<string, string>;
  /** Google Consent Mode types (and so Microsoft's signals) its category should grant. */
  consentMode: string[];
  /** Hosts its tag loads from or reports to: how the scanner recognises its requests. */
  hosts: string[];
  /** How to hold its tag until consent. */
  gate: string;
}

const ko = (ko: string, en: string, ja: string, zh: string) => ({ ko, en, ja, 'zh-CN': zh });
const script = (category: string) =>
  `<script type="text/plain" data-assent="${category}" src="…"> (its snippet, type changed, marked with the category)`;
const frame = (category: string) => `<iframe data-assent="${category}" data-assent-src="…"> (a placeholder asks)`;

export const SERVICE_CATALOGUE = {
  assent: {
    name: 'Assent',
    provider: 'This site (consent manager)',
    category: 'necessary',
    purpose: ko(
      '동의 여부를 기억하고 동의 기록을 전송합니다.',
      'Remembers your consent choices and sends the consent receipts.',
      '同意の選択を記憶し、同意の記録を送信します。',
      '记住您的同意选择并发送同意记录。',
    ),
    cookies: ['assent', 'assent_outbox', 'assent_outbox_*'],
    retention: ko('최대 2년', 'Up to 2 years', '最長2年', '最长2年'),
    consentMode: [],
    hosts: [],
    gate: 'none: strictly necessary',
  },
  'google-analytics': {
    name: 'Google Analytics',
    provider: 'Google LLC',
    category: 'analytics',
    purpose: ko('방문 통계', 'Visit statistics', 'アクセス解析', '访问统计'),
    cookies: ['_ga', '_ga_*', '_gid', '_gat*'],
    retention: ko('최대 2년', 'Up to 2 years', '最長2年', '最长2年'),
    consentMode: ['analytics_storage'],
    hosts: ['www.google-analytics.com', 'region1.google-analytics.com', 'www.googletagmanager.com'],
    gate: script('analytics'),
  },
  'google-ads': {
    name: 'Google Ads',
    provider: 'Google LLC',
    category: 'marketing',
    purpose: ko(
      '광고 성과 측정과 맞춤 광고',
      'Ad conversions and personalised ads',
      '広告効果の測定とパーソナライズ広告',
      '广告转化衡量与个性化广告',
    ),
    cookies: ['_gcl_*', 'IDE', 'test_cookie'],
    retention: ko('최대 13개월', 'Up to 13 months', '最長13か月', '最长13个月'),
    consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    hosts: ['www.googleadservices.com', 'googleads.g.doubleclick.net', 'ad.doubleclick.net'],
    gate: script('marketing'),
  },
  'meta-pixel': {
    name: 'Meta Pixel',
    provider: 'Meta Platforms, Inc.',
    category: 'marketing',
    purpose: ko(
      '광고 성과 측정과 맞춤 광고',
      'Ad conversions and personalised ads',
      '広告効果の測定とパーソナライズ広告',
      '广告转化衡量与个性化广告',
    ),
    cookies: ['_fbp', '_fbc'],
    retention: ko('최대 90일', 'Up to 90 days', '最長90日', '最长90天'),
    consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    hosts: ['connect.facebook.net', 'www.facebook.com'],
    gate: script('marketing'),
  },
  'naver-analytics': {
    name: 'Naver Analytics',
    provider: 'NAVER Corp.',
    category: 'analytics',
    purpose: ko('방문 통계', 'Visit statistics', 'アクセス解析', '访问统计'),
    cookies: ['NWB', 'wcs_bt', 'NNB'],
    retention: ko('최대 1년', 'Up to 1 year', '最長1年', '最长1年'),
    consentMode: ['analytics_storage'],
    hosts: ['wcs.naver.net', 'wcs.naver.com'],
    gate: script('analytics'),
  },
  'naver-premium-log': {
    name: 'Naver Premium Log Analysis (ads conversion)',
    provider: 'NAVER Corp.',
    category: 'marketing',
    purpose: ko('검색광고 전환 측정', 'Search-ad conversions', '検索広告のコンバージョン測定', '搜索广告转化衡量'),
    cookies: ['NA_CO', 'NA_SA', 'NA_SAS', 'NVADID'],
    retention: ko('최대 90일', 'Up to 90 days', '最長90日', '最长90天'),
    consentMode: ['ad_storage', 'ad_user_data'],
    hosts: ['wcs.naver.net'],
    gate: script('marketing'),
  },
  'kakao-pixel': {
    name: 'Kakao Pixel',
    provider: 'Kakao Corp.',
    category: 'marketing',
    purpose: ko('카카오 광고 성과 측정', 'Kakao ad conversions', 'Kakao広告の効果測定', 'Kakao 广告转化衡量'),
    cookies: ['_kp*', '_kau', '_kawlt*', '_kahai'],
    retention: ko('최대 1년', 'Up to 1 year', '最長1年', '最长1年'),
    consentMode: ['ad_storage', 'ad_user_data'],
    hosts: ['t1.daumcdn.net', 'bc.ad.daum.net'],
    gate: script('marketing'),
  },
  'kakao-channel': {
    name: 'Kakao Channel chat',
    provider: 'Kakao Corp.',
    category: 'functional',
    purpose: ko('카카오톡 상담 버튼', 'The KakaoTalk chat button', 'カカオトーク相談ボタン', 'KakaoTalk 咨询按钮'),
    cookies: ['_kadu', '_kahai'],
    retention: ko('최대 1년', 'Up to 1 year', '最長1年', '最长1年'),
    consentMode: [],
    hosts: ['t1.kakaocdn.net', 'developers.kakao.com', 'pf.kakao.com'],
    gate: script('functional'),
  },
  'kakao-login': {
    name: 'Kakao Login',
    provider: 'Kakao Corp.',
    category: 'necessary',
    purpose: ko(
      '카카오 계정으로 로그인',
      'Signing in with a Kakao account',
      'カカオアカウントでのログイン',
      '使用 Kakao 账号登录',
    ),
    cookies: [],
    retention: ko('로그인 세션 동안', 'For the signed-in session', 'ログイン中のみ', '登录期间'),
    consentMode: [],
    hosts: ['kauth.kakao.com', 't1.kakaocdn.net'],
    gate: 'none when signing in is what the visitor asked for',
  },
  'channel-talk': {
    name: 'Channel Talk',
    provider: 'Channel Corp.',
    category: 'functional',
    purpose: ko('실시간 상담 채팅', 'Live chat', 'ライブチャット', '在线客服聊天'),
    cookies: ['ch-veil-id', 'ch-session-*'],
    retention: ko('최대 1년', 'Up to 1 year', '最長1年', '最长1年'),
    consentMode: [],
    hosts: ['cdn.channel.io', 'api.channel.io'],
    gate: script('functional'),
  },
  youtube: {
    name: 'YouTube',
    provider: 'Google LLC',
    category: 'marketing',
    purpose: ko(
      '동영상 재생(시청 기록이 광고에 쓰일 수 있음)',
      'Video playback (viewing may be used for ads)',
      '動画再生（視聴履歴が広告に使われる場合があります）',
      '视频播放（观看记录可能用于广告）',
    ),
    cookies: ['YSC', 'VISITOR_INFO1_LIVE', 'VISITOR_PRIVACY_METADATA', 'PREF'],
    retention: ko('최대 6개월', 'Up to 6 months', '最長6か月', '最长6个月'),
    consentMode: ['ad_storage'],
    hosts: ['www.youtube.com', 'i.ytimg.com', 'www.gstatic.com'],
    gate: frame('marketing'),
  },
  'youtube-nocookie': {
    name: 'YouTube (privacy-enhanced mode)',
    provider: 'Google LLC',
    category: 'marketing',
    purpose: ko(
      '동영상 재생(재생 전에는 쿠키 없음)',
      'Video playback (no cookies before play)',
      '動画再生（再生前はクッキーなし）',
      '视频播放（播放前不设 Cookie）',
    ),
    cookies: [],
    retention: ko('재생 시 최대 6개월', 'Up to 6 months once played', '再生後最長6か月', '播放后最长6个月'),
    consentMode: ['ad_storage'],
    hosts: ['www.youtube-nocookie.com', 'i.ytimg.com'],
    gate: frame('marketing'),
  },
  'naver-map': {
    name: 'Naver Map',
    provider: 'NAVER Cloud Corp.',
    category: 'functional',
    purpose: ko('오시는 길 지도', 'The map to the clinic', 'アクセス地図', '到院地图'),
    cookies: ['NNB'],
    retention: ko('최대 1년', 'Up to 1 year', '最長1年', '最长1年'),
    consentMode: [],
    hosts: ['oapi.map.naver.com', 'map.naver.com', 'navermaps.github.io'],
    gate: script('functional'),
  },
  'google-maps': {
    name: 'Google Maps',
    provider: 'Google LLC',
    category: 'functional',
    purpose: ko('오시는 길 지도', 'The map to the clinic', 'アクセス地図', '到院地图'),
    cookies: ['NID'],
    retention: ko('최대 6개월', 'Up to 6 months', '最長6か月', '最长6个月'),
    consentMode: [],
    hosts: ['maps.googleapis.com', 'maps.gstatic.com', 'www.google.com'],
    gate: frame('functional'),
  },
  'microsoft-clarity': {
    name: 'Microsoft Clarity',
    provider: 'Microsoft Corporation',
    category: 'analytics',
    purpose: ko(
      '화면 이용 분석',
      'How pages are used (heatmaps, recordings)',
      'ページ利用の分析（ヒートマップ、録画）',
      '页面使用分析（热图、录屏）',
    ),
    cookies: ['_clck', '_clsk', 'CLID', 'MUID'],
    retention: ko('최대 1년', 'Up to 1 year', '最長1年', '最长1年'),
    consentMode: ['analytics_storage'],
    hosts: ['www.clarity.ms', 'c.clarity.ms'],
    gate: script('analytics'),
  },
  'microsoft-uet': {
    name: 'Microsoft Advertising (UET)',
    provider: 'Microsoft Corporation',
    category: 'marketing',
    purpose: ko('광고 성과 측정', 'Ad conversions', '広告効果の測定', '广告转化衡量'),
    cookies: ['_uetsid', '_uetvid', 'MUID'],
    retention: ko('최대 13개월', 'Up to 13 months', '最長13か月', '最长13个月'),
    consentMode: ['ad_storage'],
    hosts: ['bat.bing.com'],
    gate: script('marketing'),
  },
} as const satisfies Record<string, CatalogueEntry>;

export type CatalogueId = keyof typeof SERVICE_CATALOGUE;
export const CATALOGUE_IDS = Object.keys(SERVICE_CATALOGUE) as CatalogueId[];
