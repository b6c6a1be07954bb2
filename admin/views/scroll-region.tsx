import type { ComponentChildren } from 'preact';

/**
 * A wide table on a narrow screen scrolls inside this box rather than squeezing its cells a letter wide or
 * pushing the page sideways; focusable and named, so keyboard users can scroll it too.
 */
export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
