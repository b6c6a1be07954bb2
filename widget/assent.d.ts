/**
 * The public API of the Assent widget: `window.Assent` and the DOM events it fires. Self-contained, so a site can
 * copy this one file into its project (`/// <reference path="assent.d.ts" />`).
 */
export type AssentEvent = 'ready' | 'change';

/** A visitor's decision as the page sees it. */
export interface AssentState {
  /** Every cookie category of the site → allowed. Required categories are always true. */
  categories: Record<string, boolean>;
  /** Every marketing channel of the site (`email`, `sms`, `sms_night`) → opted in. */
  channels: Record<string, boolean>;
  /** When the decision was made (ISO 8601). */
  decidedAt: string;
  /** The policy version the decision was made under. */
  policy: string;
  /** Whether the browser sent Global Privacy Control when the decision was made. */
  gpc: boolean;
}

export interface AssentApi {
  /** Opens the banner. */
  show(): void;
  /** Opens the settings dialog (also: any element with `data-assent-open`). */
  showSettings(): void;
  /** Opens the full privacy notice in force. */
  showNotice(): void;
  /** The current decision, or null when the visitor has not decided or must decide again. */
  get(): AssentState | null;
  /** Allows every category, or only the ones listed (plus the required ones). Records a receipt. */
  accept(categories?: string[]): Promise<void>;
  /** Refuses every optional category and channel. Records a receipt. */
  reject(): Promise<void>;
  /** Withdraws every consent: optional scripts stop on the next page, their cookies are deleted. Records a receipt. */
  withdraw(): Promise<void>;
  /** Sets marketing channels from the page's own form, e.g. `{ email: true, sms: false }`. Records a receipt. */
  setChannels(channels: Record<string, boolean>): Promise<void>;
  /** Calls `fn` on `ready` (at once if already ready) or on every `change`; returns an unsubscribe function. */
  on(event: AssentEvent, fn: (state: AssentState | null) => void): () => void;
  /** Links later receipts to a logged-in member by an opaque (hashed) reference of 8–128 characters. */
  identify(memberRef: string): void;
}

declare global {
  interface Window {
    Assent: AssentApi;
  }
  interface DocumentEventMap {
    'assent:ready': CustomEvent<AssentState | null>;
    'assent:change': CustomEvent<AssentState | null>;
  }
}
