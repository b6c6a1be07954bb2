/**
 * The colours, corner radius and fonts the widget and the dashboard share: one look from the visitor's banner to
 * the officer's screen. The widget lets a site override each (`--assent-*`); the dashboard adds its own page,
 * status and chart colours on top. Contrast of text on the surfaces is at least 4.5:1 in both schemes.
 */
// Each value its own string constant, so the widget's bundler inlines them into its stylesheet (no object, no
// concatenation at run time: the first visit's bytes stay as they were).
export const LIGHT_SURFACE = '#fff';
export const LIGHT_FG = '#16181d';
export const LIGHT_MUTED = '#474d57';
export const LIGHT_ACCENT = '#1f4fd1';
export const LIGHT_ACCENT_FG = '#fff';
export const LIGHT_BORDER = '#c9ced6';
export const DARK_SURFACE = '#1b1d22';
export const DARK_FG = '#f1f3f6';
export const DARK_MUTED = '#c3c8d1';
export const DARK_ACCENT = '#8fb0ff';
export const DARK_ACCENT_FG = '#0b1020';
export const DARK_BORDER = '#4a505c';
export const RADIUS = '10px';
export const FONT =
  'system-ui,-apple-system,"Segoe UI","Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR","Noto Sans CJK JP",sans-serif';
