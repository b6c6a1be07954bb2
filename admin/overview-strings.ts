import type { Lang } from './i18n';

/** The overview's words beyond the shared ones: visitors, answered views, the cards and the second chart. */
const en = {
  answered: 'Banners answered',
  visitors: 'Visitors who decided',
  newVisitors: '{n} for the first time',
  withdrawals: 'Withdrawals',
  reconfirmCard: 'Re-confirmations',
  optInByDay: 'Opt-in rate by day, per channel',
  byMethod: 'Decisions by method',
  answeredHelp:
    'A view counts as answered by the first decision made in it; a decision elsewhere (settings later, a form, staff) answers no view.',
};

const ko: typeof en = {
  answered: '응답한 배너',
  visitors: '결정한 방문자',
  newVisitors: '처음 결정 {n}명',
  withdrawals: '동의 철회',
  reconfirmCard: '재확인',
  optInByDay: '일별 채널별 수신 동의율',
  byMethod: '방법별 동의 결정',
  answeredHelp:
    '배너 한 번의 표시는 그 화면에서 처음 내린 결정으로 응답한 것으로 셉니다. 다른 곳(나중의 설정, 양식, 담당자)의 결정은 배너에 응답한 것이 아닙니다.',
};

export type OverviewStrings = typeof en;
export const overviewStrings = (lang: Lang): OverviewStrings => ({ en, ko })[lang];
