/**
 * Picks the language to show: data-lang, then <html lang>, then the browser's list, else the site default.
 * Region fallbacks respect script: zh-TW, zh-HK, zh-MO and zh-Hant are Traditional and never get zh-CN.
 */
export function pickLanguage(
  candidates: readonly (string | null | undefined)[],
  available: readonly string[],
  fallback: string,
): string {
  for (const raw of candidates) {
    const match = raw && matchLanguage(raw, available);
    if (match) return match;
  }
  return fallback;
}

export function matchLanguage(raw: string, available: readonly string[]): string | undefined {
  const tag = raw.trim().replace(/_/g, '-').toLowerCase();
  const exact = available.find((a) => a.toLowerCase() === tag);
  if (exact) return exact;
  const [lang] = tag.split('-');
  if (lang === 'zh') {
    const traditional = /-(tw|hk|mo|hant)\b/.test(tag);
    return available.find((a) => a.toLowerCase() === (traditional ? 'zh-tw' : 'zh-cn'));
  }
  return (
    available.find((a) => a.toLowerCase() === lang) ?? available.find((a) => a.toLowerCase().split('-')[0] === lang)
  );
}
