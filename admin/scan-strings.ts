import type { Lang } from './i18n';

/** The dashboard's words for the scan of the site's pages (`assent scan`, run by the collector). */
const en = {
  scanTitle: 'Which cookies the site really sets',
  scanHelp:
    'The collector opens the page in a browser three times as a new visitor — making no choice, after "Reject all", ' +
    'after "Accept all" — follows a few links of the site, and compares what it finds with this site’s config.',
  scanUrl: 'Page to scan',
  scanPages: 'Pages',
  scanRun: 'Scan now',
  scanRunning: 'Scanning… (about 10 seconds per page)',
  scanFindings: 'Findings',
  scanNoFindings:
    'No findings: nothing optional before a choice or after a refusal, everything declared, everything declared seen.',
  scanSeen: 'What the browser held',
  scanWhat: 'What',
  scanName: 'Name',
  scanVisits: 'Seen',
  scanCategory: 'Category',
  scanService: 'Service',
  scanSetBy: 'Set by',
  scanAt: 'Scanned {at}: {pages}',
  'kind_before-consent': 'Before any choice',
  'kind_after-refusal': 'After "Reject all"',
  kind_undeclared: 'Not in the config',
  'kind_declared-unseen': 'Declared, never seen',
  phase_before: 'no choice',
  phase_reject: 'rejected',
  phase_accept: 'accepted',
};
const ko: typeof en = {
  scanTitle: '사이트가 실제로 설정하는 쿠키',
  scanHelp:
    '수집 서버가 새 방문자로서 페이지를 브라우저로 세 번 엽니다 — 선택하지 않은 채로, "모두 거부" 후, "모두 동의" 후. ' +
    '사이트의 링크 몇 개를 따라가며 찾은 것을 이 사이트의 설정과 비교합니다.',
  scanUrl: '점검할 페이지',
  scanPages: '페이지 수',
  scanRun: '지금 점검',
  scanRunning: '점검 중… (페이지당 약 10초)',
  scanFindings: '발견 사항',
  scanNoFindings: '발견 사항 없음: 선택 전이나 거부 후 선택 항목 없음, 모두 설정에 있음, 설정한 것 모두 확인됨.',
  scanSeen: '브라우저에 남은 것',
  scanWhat: '종류',
  scanName: '이름',
  scanVisits: '확인된 방문',
  scanCategory: '분류',
  scanService: '서비스',
  scanSetBy: '설정한 스크립트',
  scanAt: '{at} 점검: {pages}',
  'kind_before-consent': '선택 전에 설정됨',
  'kind_after-refusal': '"모두 거부" 후에 설정됨',
  kind_undeclared: '설정에 없음',
  'kind_declared-unseen': '설정에 있으나 발견되지 않음',
  phase_before: '선택 전',
  phase_reject: '거부 후',
  phase_accept: '동의 후',
};

export type ScanStrings = typeof en;
export const scanStrings = (lang: Lang): ScanStrings => ({ en, ko })[lang];
