import { describe, expect, it } from 'vitest';
import { matchLanguage, pickLanguage } from '../../widget/core/language';

const all = ['ko', 'en', 'ja', 'zh-CN', 'zh-TW'];

describe('language choice', () => {
  it('takes data-lang, then <html lang>, then the browser, then the default', () => {
    expect(pickLanguage(['en', 'ko', 'ja'], all, 'ko')).toBe('en');
    expect(pickLanguage([undefined, 'ja-JP', 'en'], all, 'ko')).toBe('ja');
    expect(pickLanguage([undefined, '', 'fr-FR', 'en-US'], all, 'ko')).toBe('en');
    expect(pickLanguage(['fr', 'de'], all, 'ko')).toBe('ko');
  });
  it.each([
    ['zh-TW', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh_TW', 'zh-TW'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['en-GB', 'en'],
    ['KO-kr', 'ko'],
  ])('%s → %s', (tag, expected) => expect(matchLanguage(tag, all)).toBe(expected));
  it('never gives Traditional Chinese readers Simplified strings', () => {
    expect(matchLanguage('zh-TW', ['ko', 'en', 'zh-CN'])).toBeUndefined();
    expect(pickLanguage(['zh-TW', 'en'], ['ko', 'en', 'zh-CN'], 'ko')).toBe('en');
  });
});
