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

export const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
