import * as T from '../../protocol/theme';
/**
 * The widget's only CSS, adopted into its shadow root. Sizes in px so a host page's huge root font-size cannot
 * blow it up; `:host` declarations are !important, which beats the page's own !important rules (shadow context).
 * Theme with these custom properties on `assent-consent` (they inherit into the shadow root):
 * --assent-bg, --assent-fg, --assent-muted, --assent-accent, --assent-accent-fg, --assent-border,
 * --assent-radius, --assent-font, --assent-z.
 * The language menu has a fixed width: sized by its options, the banner's first layout shaped every language's name
 * in its own script (CJK font fallback), 53 → 22 ms of layout at 4× CPU (trace, 8 loads each).
 */
export const STYLES = `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;opacity:1!important}
.root{--bg:var(--assent-bg,${T.LIGHT_SURFACE});--fg:var(--assent-fg,${T.LIGHT_FG});--muted:var(--assent-muted,${T.LIGHT_MUTED});
--accent:var(--assent-accent,${T.LIGHT_ACCENT});--accent-fg:var(--assent-accent-fg,${T.LIGHT_ACCENT_FG});
--border:var(--assent-border,${T.LIGHT_BORDER});--radius:var(--assent-radius,${T.RADIUS});color:var(--fg);
font:15px/1.5 var(--assent-font,${T.FONT})}
@media (prefers-color-scheme:dark){.root{--bg:var(--assent-bg,${T.DARK_SURFACE});--fg:var(--assent-fg,${T.DARK_FG});
--muted:var(--assent-muted,${T.DARK_MUTED});--accent:var(--assent-accent,${T.DARK_ACCENT});
--accent-fg:var(--assent-accent-fg,${T.DARK_ACCENT_FG});--border:var(--assent-border,${T.DARK_BORDER})}}
*{box-sizing:border-box;font:inherit;color:inherit;margin:0}
.banner{position:fixed;z-index:var(--assent-z,2147483000);left:16px;right:16px;bottom:16px;max-width:720px;margin:0 auto;
max-height:calc(100vh - 32px);overflow:auto;background:var(--bg);border:1px solid var(--border);border-radius:var(--radius);
box-shadow:0 8px 32px #0004;padding:20px;display:block}
:host([data-layout=bar]) .banner{left:0;right:0;bottom:0;max-width:none;border-radius:0}
:host([data-layout=box]) .banner{left:auto;max-width:400px}
:host([data-layout=modal]) .banner{top:50%;bottom:auto;transform:translateY(-50%)}
.banner-head,.dialog-head{display:flex;gap:12px;align-items:center;justify-content:space-between;margin-bottom:8px}
h2{font-size:18px;font-weight:700}
.root{overflow-wrap:anywhere}.root:lang(ko){word-break:keep-all}.root:lang(ja),.root:lang(zh){line-break:strict}
h3{font-size:15px;font-weight:700;margin-top:12px}
p,dl,ul,fieldset{margin:8px 0}
.hint,.meta{color:var(--muted);font-size:14px}
.facts{font-size:15px}
.key{font-weight:700;text-decoration:underline;text-underline-offset:3px}
.reason,.coming,.gpc{border-left:4px solid var(--accent);padding:4px 10px;font-size:14px}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:14px}
.actions>*{flex:1 1 140px}
button,.button,select,input{font-size:15px;border-radius:calc(var(--radius) - 4px);cursor:pointer}
button.primary,.button{display:inline-block;text-align:center;text-decoration:none;padding:10px 16px;min-height:44px;
background:var(--accent);color:var(--accent-fg);border:2px solid var(--accent);font-weight:600}
button.link{background:none;border:0;padding:0;color:var(--accent);text-decoration:underline;font-size:inherit}
button.icon{background:none;border:1px solid var(--border);width:44px;height:44px;font-size:22px;line-height:1}
select,input:not([type]),input[type=text]{padding:8px;border:1px solid var(--muted);background:var(--bg);color:var(--fg);
min-height:40px}
.lang select{width:128px}
input:not([type]){display:block;width:100%;margin:4px 0 8px}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.backdrop{position:fixed;inset:0;z-index:var(--assent-z,2147483000);background:#000a;display:flex;align-items:center;
justify-content:center;padding:16px}
.dialog{background:var(--bg);border-radius:var(--radius);width:min(680px,100%);max-height:calc(100vh - 32px);overflow:auto;
padding:20px;display:block}
fieldset{border:1px solid var(--border);border-radius:var(--radius);padding:12px}
legend{font-weight:700;padding:0 4px}
.choice{padding:8px 0;border-top:1px solid var(--border)}
.choice:first-of-type{border-top:0}
.switch{display:flex;gap:10px;align-items:center;font-weight:600}p.switch>span{flex:none;max-width:50%}
input[type=checkbox],input[type=radio]{width:20px;height:20px;flex:none;accent-color:var(--accent)}
.locked{font-weight:400;font-style:normal;color:var(--muted)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}
@media (max-width:480px){.facts{grid-template-columns:1fr}dt{font-weight:600;margin-top:4px}}
dd{margin:0}
.age label{display:inline-flex;gap:6px;align-items:center;margin-right:16px}
.guardian label{display:block!important;margin-top:6px}
.error{color:#b3261e;font-weight:600}
@media (prefers-color-scheme:dark){.error{color:#ffb4ab}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
code{font-family:ui-monospace,monospace;font-size:13px;word-break:break-all}
details summary{cursor:pointer;color:var(--accent);margin-top:4px}
.channels{list-style:none;padding:0;margin:8px 0}
.channels li{display:grid;gap:2px;margin:6px 0}
.result h3{margin:8px 0 4px}
.result ul{margin:4px 0;padding-left:20px}
.toast{position:fixed;z-index:var(--assent-z,2147483000);right:16px;bottom:16px;max-width:min(440px,calc(100vw - 16px));
display:flex;gap:12px;align-items:center;background:var(--bg);border:1px solid var(--border);border-radius:var(--radius);
box-shadow:0 4px 16px #0003;padding:6px 6px 6px 14px;font-size:14px}
.history ol{padding-left:20px}.history li{margin:8px 0}
.links{display:flex;flex-wrap:wrap;gap:4px 16px}
@media (min-width:481px){.more,.narrow{display:none}}
@media (max-width:480px){.banner{left:8px!important;right:8px!important;bottom:calc(8px + env(safe-area-inset-bottom,0px));
max-width:none!important;max-height:calc(100vh - 16px);padding:10px 12px}
:host([data-layout=bar]) .banner{left:0!important;right:0!important;bottom:0}.toast{right:8px;bottom:8px}
.banner h2{font-size:16px}.banner-head{margin-bottom:2px}.banner p,.banner fieldset{margin:4px 0}
.summary{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden}.summary.open{display:block}
.wide{display:none}.banner select{min-height:32px;padding:4px}
.links,.reason,.coming,.gpc{font-size:14px}.age{border:0;padding:0;display:flex;flex-wrap:wrap;align-items:center;gap:4px 12px}
.age legend{float:left;font-size:14px;padding:0}.age label{margin:0}.age .guardian,.age .error{flex-basis:100%}
.banner .actions{flex-wrap:nowrap;gap:6px;margin-top:8px}.banner .actions>*{flex:1 1 0;min-width:0;padding:8px 4px}}
@media (prefers-reduced-motion:no-preference){.banner,.dialog{animation:in .12s ease-out}@keyframes in{from{opacity:0}}}
`;

/**
 * An open shadow root on a new `tag` element, styled by a constructable stylesheet (the widget's CSS and `extra`):
 * no inline styles, nothing for a strict CSP to block, nothing of the page's CSS inside.
 */
export function styledShadow(doc: Document, tag: string, extra = '') {
  const host = doc.createElement(tag);
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new (doc.defaultView as typeof globalThis).CSSStyleSheet();
  sheet.replaceSync(STYLES + extra);
  shadow.adoptedStyleSheets = [sheet];
  return { host, shadow };
}
