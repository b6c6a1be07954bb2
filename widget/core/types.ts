import type { ConsentState, LoaderSite, ReceiptRequest, StoredReceipt } from '../../protocol';
import type { AskReason } from './decision';

export type View = 'banner' | 'settings' | 'notice';

/** One decision as the UI or the API makes it; the manager turns it into a cookie, a receipt and effects. */
export interface Decision {
  action: ReceiptRequest['action'];
  method: ReceiptRequest['method'];
  categories: Record<string, boolean>;
  channels: Record<string, boolean>;
  guardian?: ReceiptRequest['guardian'];
  language?: string;
  shownAt?: number;
}

/** What the lazily loaded UI gets from the loader: it imports no core code of its own. */
export interface UiContext {
  doc: Document;
  site: LoaderSite;
  language: string;
  setLanguage(lang: string): void;
  view: View;
  reason: AskReason | undefined;
  state: ConsentState | undefined;
  gpc: boolean;
  /** The full public site config (texts), fetched by the UI. */
  loadConfig(): Promise<unknown>;
  decide(decision: Decision): Promise<{ receipt: ReceiptRequest; stored?: StoredReceipt }>;
  history(): Promise<StoredReceipt[]>;
  close(): void;
  today: string;
}

export interface UiModule {
  mountUi(ctx: UiContext): { update(view: View): void; unmount(): void };
}

export type AssentEvent = 'ready' | 'change';

/** `window.Assent`, the public API. */
export interface AssentApi {
  show(): void;
  showSettings(): void;
  /** The current decision, or null when the visitor has not decided. */
  get(): { categories: Record<string, boolean>; channels: Record<string, boolean>; decidedAt: string; policy: string; gpc: boolean } | null;
  accept(categories?: string[]): Promise<void>;
  reject(): Promise<void>;
  withdraw(): Promise<void>;
  on(event: AssentEvent, fn: (detail: unknown) => void): () => void;
  identify(memberRef: string): void;
  /** Sets marketing channels from the host page's own form (e.g. a sign-up form's email/SMS boxes). */
  setChannels(channels: Record<string, boolean>): Promise<void>;
}
