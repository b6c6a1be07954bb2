/**
 * Runs `<script type="text/plain" data-assent="category">` (inline or src) and loads
 * `<iframe data-assent="category" data-assent-src="…">` only once their category is allowed, in document order,
 * including elements added later. A blocked iframe gets a placeholder offering to allow its category.
 */
export interface ScriptGate {
  /** Activates what the allowed categories unlock; call again after every change. */
  apply(allowed: ReadonlySet<string>): void;
  stop(): void;
}

export interface GateOptions {
  nonce?: string;
  /** Renders a placeholder for a blocked iframe; returns the element to insert before it. */
  placeholder?: (frame: HTMLIFrameElement, category: string) => HTMLElement | undefined;
}

const SELECTOR = 'script[type="text/plain"][data-assent],iframe[data-assent][data-assent-src]';

export function createScriptGate(doc: Document, options: GateOptions = {}): ScriptGate {
  let allowed: ReadonlySet<string> = new Set();
  const placeholders = new Map<Element, HTMLElement>();

  const activate = (el: Element) => {
    const category = el.getAttribute('data-assent') ?? '';
    if (el instanceof doc.defaultView!.HTMLIFrameElement || el.tagName === 'IFRAME') {
      const frame = el as HTMLIFrameElement;
      if (!allowed.has(category)) {
        frame.hidden = true; // an empty frame would show as a blank box next to its placeholder
        if (!placeholders.has(frame) && options.placeholder) {
          const ph = options.placeholder(frame, category);
          if (ph) {
            frame.before(ph);
            placeholders.set(frame, ph);
          }
        }
        return;
      }
      placeholders.get(frame)?.remove();
      placeholders.delete(frame);
      frame.hidden = false;
      frame.src = frame.getAttribute('data-assent-src')!;
      frame.removeAttribute('data-assent-src');
      return;
    }
    if (!allowed.has(category)) return;
    const old = el as HTMLScriptElement;
    const script = doc.createElement('script');
    for (const attr of Array.from(old.attributes))
      if (attr.name !== 'type' && attr.name !== 'data-type') script.setAttribute(attr.name, attr.value);
    const type = old.getAttribute('data-type');
    if (type) script.type = type;
    if (options.nonce) script.nonce = options.nonce;
    // Dynamically inserted scripts are async by default; async=false keeps src scripts in document order.
    if (old.src) script.async = false;
    else script.text = old.text;
    script.setAttribute('data-assent-ran', '');
    old.replaceWith(script);
  };

  const scan = (root: ParentNode) => root.querySelectorAll(SELECTOR).forEach(activate);

  // The parser adds a page's elements one by one: each is checked by its name first, and only an element that
  // arrived with children (innerHTML, a moved subtree) is searched, so a large page costs no selector per node.
  const observer = new doc.defaultView!.MutationObserver((records) => {
    for (const r of records)
      r.addedNodes.forEach((n) => {
        if (n.nodeType !== 1) return;
        const el = n as Element;
        const name = el.localName;
        if ((name === 'script' || name === 'iframe') && el.matches(SELECTOR)) activate(el);
        else if (el.firstElementChild) scan(el);
      });
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });

  return {
    apply(next) {
      allowed = next;
      scan(doc);
    },
    stop: () => observer.disconnect(),
  };
}
