import type { Strings } from './en';

export type { Strings };

/** Built-in languages, each its own chunk so a visitor downloads one. */
export const BUILT_IN: Record<string, () => Promise<{ default: Strings }>> = {
  en: () => import('./en'),
  ko: () => import('./ko'),
  ja: () => import('./ja'),
  'zh-CN': () => import('./zh-CN'),
  'zh-TW': () => import('./zh-TW'),
};

export const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

/**
 * Each language's name in itself, for the language switcher. A table, not Intl.DisplayNames: constructing that
 * the first time costs ≈ 40 ms of ICU loading in Chromium, a long task on a phone.
 */
export const LANGUAGE_NAMES: Record<string, string> = {
  ko: '한국어',
  en: 'English',
  ja: '日本語',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  vi: 'Tiếng Việt',
  th: 'ไทย',
  ru: 'Русский',
  mn: 'Монгол',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  ar: 'العربية',
};
