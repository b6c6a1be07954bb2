/**
 * The one rule for every text a site gives in several languages (labels, notices, the sender's name), used by the
 * widget, the collector's pages and exports, and the dashboard: the language asked for, else the site's default
 * language (which config validation requires of every text), else the first there is.
 */
export function localizedText<T>(
  texts: Readonly<Record<string, T>> | undefined,
  language: string,
  defaultLanguage: string,
): T | undefined {
  if (!texts) return undefined;
  return texts[language] ?? texts[defaultLanguage] ?? Object.values(texts)[0];
}
