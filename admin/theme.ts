import * as T from '../protocol/theme';

/**
 * The colours, radius and font the dashboard shares with the widget (protocol/theme.ts), as custom properties
 * for admin.css, which adds the page, status and chart colours. A constructed stylesheet: the page's CSP allows
 * no inline style.
 */
export function adoptTheme(doc: Document) {
  const light = [T.LIGHT_SURFACE, T.LIGHT_FG, T.LIGHT_MUTED, T.LIGHT_ACCENT, T.LIGHT_ACCENT_FG, T.LIGHT_BORDER];
  const dark = [T.DARK_SURFACE, T.DARK_FG, T.DARK_MUTED, T.DARK_ACCENT, T.DARK_ACCENT_FG, T.DARK_BORDER];
  const vars = (values: string[]) =>
    ['card', 'fg', 'muted', 'accent', 'accent-fg', 'line'].map((name, i) => `--${name}:${values[i]};`).join('');
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    `:root{${vars(light)}--radius:${T.RADIUS};--font:${T.FONT}}` +
      `@media (prefers-color-scheme:dark){:root{${vars(dark)}}}`,
  );
  doc.adoptedStyleSheets = [sheet, ...doc.adoptedStyleSheets];
}
