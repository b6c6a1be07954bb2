import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { focusFirst, trapFocus } from './focus-trap';

/** A modal dialog: labelled, focus moved in and trapped, Esc closes, focus returns to where it was. */
export function Dialog(props: { id: string; title: string; onClose: () => void; closeLabel: string; returnFocus?: Element | null; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = props.returnFocus as HTMLElement | null | undefined;
    focusFirst(ref.current);
    // After the render that closes the dialog has also taken `inert` off the banner below it.
    return () => void Promise.resolve().then(() => opener?.isConnected && opener.focus());
  }, []);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      props.onClose();
    } else trapFocus(() => ref.current)(e);
  };
  return (
    <div class="backdrop">
      <div ref={ref} class="dialog" role="dialog" aria-modal="true" aria-labelledby={`${props.id}-title`} onKeyDown={onKey}>
        <div class="dialog-head">
          <h2 id={`${props.id}-title`} tabIndex={-1}>
            {props.title}
          </h2>
          <button type="button" class="icon" aria-label={props.closeLabel} onClick={props.onClose}>
            ×
          </button>
        </div>
        {props.children}
      </div>
    </div>
  );
}
