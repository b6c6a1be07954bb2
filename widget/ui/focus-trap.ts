const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Keeps Tab and Shift+Tab inside `root` (a modal dialog). Returns the keydown handler to attach. */
export function trapFocus(root: () => HTMLElement | null) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    const el = root();
    if (!el) return;
    const items = Array.from(el.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (!items.length) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = (el.getRootNode() as ShadowRoot).activeElement;
    if (e.shiftKey && (active === first || !el.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };
}

/** Moves focus to the dialog's heading (so a screen reader reads the title first), else its first control. */
export function focusFirst(el: HTMLElement | null) {
  (el?.querySelector<HTMLElement>('h2[tabindex="-1"]') ?? el?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
}
