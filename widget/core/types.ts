import type { ChannelResult, ConsentState, LoaderSite, ReceiptRequest, Regime, StoredReceipt } from '../../protocol';
import type { AgeAnswer } from '../assent';
import type { AskReason } from './decision';

/**
 * What the UI shows; `allow:<category>` asks for one category (a blocked frame's placeholder); `saved` is the
 * short note after a banner decision that offers its receipt.
 */
export type View = 'banner' | 'settings' | 'notice' | 'saved' | `allow:${string}`;

/** One decision as the UI or the API makes it; stage two turns it into a cookie, a receipt and effects. */
export interface Decision {
  action: ReceiptRequest['action'];
  method: ReceiptRequest['method'];
  /** Absent: not a cookie decision (a form's or a re-confirmation's marketing choices). */
  categories?: Record<string, boolean>;
  /** Only the channels the decision is about. */
  channels: Record<string, boolean>;
  guardian?: ReceiptRequest['guardian'];
  language?: string;
  shownAt?: number;
  /** The banner view this decision answers (the receipt's `signals.view`). */
  view?: string;
  /** Who showed the texts (the receipt's `signals.shownBy`). */
  shownBy?: 'assent' | 'site';
  /** The site's form the decision was made in, and its consents. */
  form?: string;
  consents?: Record<string, boolean>;
  /** The age answer, on a site that asks it. */
  age?: 'adult' | 'child';
}

/** What a decision did: the receipt, the collector's answer when it came in time, and each channel's result. */
export interface Decided {
  receipt?: ReceiptRequest;
  stored?: StoredReceipt;
  results?: Record<string, ChannelResult>;
}

/** What the loader (on every page) shares with stage two (loaded only to decide or to show UI). */
export interface Shared {
  doc: Document;
  win: Window;
  site: LoaderSite;
  gpc: boolean;
  /** How this visitor is asked (the loader's `__assentRegimes`); undefined on a site that sets no regimes. */
  regime?: Regime;
  layout: string;
  now: () => number;
  /** Where `/assent.js` came from: the collector's base URL. */
  base: string;
  language(): string;
  setLanguage(lang: string): void;
  state(): ConsentState | undefined;
  /** Why the visitor must be asked now (undefined: the stored decision holds). */
  reason(): AskReason | undefined;
  /** The policy version in force at `now`. */
  policy(now: number): string;
  /** Today in the site's calendar (its time zone), YYYY-MM-DD. */
  today(): string;
  /** Categories allowed right now (required ones always). */
  allowed(): Set<string>;
  /** Stores a new decision: cookie, scripts, Consent Mode, `change` event. */
  commit(state: ConsentState): void;
  /** What the page passed to `Assent.identify` (checked by core/identity.ts when a receipt is made). */
  member(): unknown;
  loadConfig(): Promise<unknown>;
  report(error: unknown): void;
  /** The collector's banner, painted by the loader before the UI loaded; the UI adopts it. */
  prerendered?: Prerendered;
}

/** The banner as the loader painted it: its host, when it appeared, and a click held until the UI adopts it. */
export interface Prerendered {
  host: HTMLElement;
  shownAt: number;
  pending?: Element;
}

/** What the lazily loaded UI gets: it imports no core code of its own. */
export interface UiContext {
  doc: Document;
  site: LoaderSite;
  language: string;
  setLanguage(lang: string): void;
  view: View;
  /** `bar`, `box` or `modal` from data-layout. */
  layout: string;
  reason: AskReason | undefined;
  state: ConsentState | undefined;
  /** Categories allowed now: without a decision, an opt-out regime's defaults. */
  allowed(): Set<string>;
  gpc: boolean;
  loadConfig(): Promise<unknown>;
  /** Never rejects; `receipt` is missing only when recording failed (it was reported). */
  decide(decision: Decision): Promise<Decided>;
  history(): Promise<StoredReceipt[]>;
  /** Where the visitor can read a stored receipt back, with the secret the collector handed out. */
  receiptUrl(id: string, secret: string): string;
  close(): void;
  today: string;
  /** The loader's painted banner, to adopt instead of drawing a new one. */
  prerendered?: Prerendered;
}

/** Where the site's form wants Assent's opt-ins drawn, with their four facts. */
export interface OptInsContext {
  doc: Document;
  element: Element;
  language: string;
  loadConfig(): Promise<unknown>;
  value: Record<string, boolean>;
  onChange(value: Record<string, boolean>): void;
}

/** Where the site's form wants Assent's consent block (`data-assent-form`), and what it may do. */
export interface FormContext {
  doc: Document;
  win: Window;
  element: Element;
  language: string;
  loadConfig(): Promise<unknown>;
  /** The visitor's marketing consents now (the form's opt-ins start from them). */
  granted: Record<string, boolean>;
  decide(d: Decision): Promise<Decided>;
  /** Sends a receipt that did not get through again, under its own id. */
  resend(receipt: ReceiptRequest): Promise<StoredReceipt | undefined>;
  /** The collector's base URL (its guardian routes: `v1/guardian/<receipt>/<step>`). */
  base: string;
  /** The collector recorded the guardian's verification: its choices take effect now. */
  verified(receipt: StoredReceipt): void;
}

/** After a child's banner decision: the step where the guardian's code is asked for and entered. */
export interface GuardianStepContext {
  doc: Document;
  win: Window;
  base: string;
  language: string;
  loadConfig(): Promise<unknown>;
  /** The pending receipt and its secret (from the collector's 201). */
  receipt: { id: string; secret: string };
  verified(receipt: StoredReceipt): void;
}

export interface FormModule {
  mountForm(ctx: FormContext): Promise<void>;
  mountGuardianStep(ctx: GuardianStepContext): Promise<void>;
}

export interface UiModule {
  mountUi(ctx: UiContext): { update(view: View): void; unmount(): void };
  mountOptIns(ctx: OptInsContext): Promise<void>;
}

export interface Actions {
  decide(d: Decision): Promise<Decided>;
  /** The public API's decisions (`method: "api"`). */
  accept(only?: string[], who?: AgeAnswer): Promise<unknown>;
  reject(): Promise<unknown>;
  withdraw(): Promise<unknown>;
  setChannels(channels?: Record<string, boolean>, who?: AgeAnswer): Promise<unknown>;
  renderOptIns(element: Element, channels?: string[]): Promise<void>;
  renderForm(element: Element): Promise<void>;
  /** Opts out of the given (advertising) categories because the browser sends Global Privacy Control. */
  gpcOptOut(categories: string[]): Promise<unknown>;
  /** `ifAsked`: the loader's own opening, dropped if a decision came meanwhile (the page's API). */
  open(view: View, ifAsked?: boolean): Promise<void>;
  flush(keepalive?: boolean): Promise<void>;
}

export type { AgeAnswer, AssentApi, AssentEvent, AssentState as PublicState } from '../assent';
