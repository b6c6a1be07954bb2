// @vitest-environment happy-dom
import { render } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { toPublicConfig } from '../../protocol';
import { BUILT_IN } from '../../widget/i18n';
import { OptIns } from '../../widget/ui/opt-ins';
import { demoConfigs } from '../helpers/collector';

// Liv's KakaoTalk channel with its four facts written in Korean, English, Japanese and Chinese.
const FACTS = {
  ko: [
    '카카오톡 광고 메시지 수신',
    '이벤트 안내',
    '이름, 휴대전화 번호',
    '동의 철회 시까지',
    '거부해도 불이익이 없습니다.',
  ],
  en: ['Marketing messages on KakaoTalk', 'Event news', 'Name, mobile number', 'Until you withdraw', 'No cost.'],
  ja: [
    'カカオトークの広告メッセージ',
    'イベント案内',
    '氏名、携帯電話番号',
    '同意の撤回まで',
    '拒否しても不利益はありません。',
  ],
  'zh-CN': ['KakaoTalk 营销信息', '活动通知', '姓名、手机号码', '直至撤回同意', '拒绝不会带来任何不利。'],
} as const;
const liv = demoConfigs().find((c) => c.id === 'liv')!;
const per = (i: number) => Object.fromEntries(Object.entries(FACTS).map(([lang, f]) => [lang, f[i]!]));
const config = toPublicConfig(
  {
    ...liv,
    languages: Object.keys(FACTS),
    channels: [
      {
        id: 'kakaotalk',
        medium: 'kakaotalk',
        label: per(0),
        purpose: per(1),
        items: per(2),
        retention: per(3),
        refusal: per(4),
        night: {
          label: Object.fromEntries(Object.keys(FACTS).map((l) => [l, `${FACTS[l as keyof typeof FACTS][0]} 21–08`])),
        },
      },
    ],
  },
  'rev',
);

describe("a channel's four facts in each language the widget speaks", () => {
  for (const lang of Object.keys(FACTS) as (keyof typeof FACTS)[]) {
    it(lang, async () => {
      const s = (await BUILT_IN[lang]!()).default;
      const { container } = render(<OptIns s={s} config={config} lang={lang} value={{}} onChange={() => {}} />);
      const text = container.textContent!;
      // The site's facts in the visitor's language, under the widget's own headings in that language.
      for (const fact of FACTS[lang]) expect(text).toContain(fact);
      for (const heading of [s.purpose, s.items, s.retention, s.refusal]) expect(text).toContain(heading);
      expect(text).toContain(s.nightNeedsDay);
      const boxes = container.querySelectorAll('input[type=checkbox]');
      expect([...boxes].map((b) => (b as HTMLInputElement).name)).toEqual(['kakaotalk', 'kakaotalk_night']);
      expect((boxes[1] as HTMLInputElement).disabled).toBe(true); // night-time consent only with its day
    });
  }
});
