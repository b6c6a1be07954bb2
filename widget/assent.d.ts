/**
 * The public API of the Assent widget: `window.Assent` and the DOM events it fires. Self-contained, so a site can
 * copy this one file into its project (`/// <reference path="assent.d.ts" />`).
 */
export type AssentEvent = 'ready' | 'change';

/** A visitor's decision as the page sees it. */
export interface AssentState {
  /** Every cookie category of the site → allowed. Required categories are always true. */
  categories: Record<string, boolean>;
  /** Every marketing opt-in of the site (its channels, and `<id>_night` for night-time consent) → opted in. */
  channels: Record<string, boolean>;
  /** When the decision was made (ISO 8601). */
  decidedAt: string;
  /** The policy version the decision was made under. */
  policy: string;
  /** Whether the browser sent Global Privacy Control when the decision was made. */
  gpc: boolean;
}

/** The age answer a site that asks it needs with a decision that allows something optional (PIPA Art. 22-2). */
export interface AgeAnswer {
  age: 'adult' | 'child';
  /** A child's parent or guardian (법정대리인): their consent is verified by the collector or staff. */
  guardian?: { name: string };
}

export interface AssentApi {
  /** Opens the banner. */
  show(): void;
  /** Opens the settings dialog (also: any element with `data-assent-open`). */
  showSettings(): void;
  /** Opens the full privacy notice in force. */
  showNotice(): void;
  /**
   * Asks for one category (what a blocked frame's placeholder does): a dialog with its services and cookies, and a
   * button that records a consent to that category alone (`method: "placeholder"`).
   */
  ask(category: string): void;
  /** The current decision, or null when the visitor has not decided or must decide again. */
  get(): AssentState | null;
  /**
   * How this visitor is asked, by where they are (site config `regimes`): `opt-in` (the banner; nothing optional
   * before a choice), `opt-out` or `notice` (no banner; optional categories allowed until the visitor opts out
   * with a `data-assent-open` link or Global Privacy Control). `opt-in` on a site that sets no regimes.
   */
  readonly regime: 'opt-in' | 'opt-out' | 'notice';
  /**
   * Allows every category, or only the ones listed (plus the required ones). Records a receipt. A site that asks
   * the visitor's age (`children.enabled`) needs the answer: `{ age: "adult" }`, or `{ age: "child", guardian:
   * { name } }` — a child's consent then waits for the guardian's verification and allows nothing optional yet.
   * Without it nothing is recorded and the error is reported.
   */
  accept(categories?: string[], who?: AgeAnswer): Promise<void>;
  /** Refuses every optional cookie category (marketing consents stay as they are). Records a receipt. */
  reject(): Promise<void>;
  /** Withdraws every consent: optional scripts stop on the next page, their cookies are deleted. Records a receipt. */
  withdraw(): Promise<void>;
  /**
   * Records the marketing choices of the page's own form, e.g. `{ email: true, sms: false }`: only the channels
   * named change, and no cookie choice is made. Without an argument, what the opt-ins drawn by `renderOptIns`
   * show. The receipt says whether Assent drew the four facts of every channel named (`signals.shownBy:
   * "assent"`) or the site's form did (`"site"`).
   */
  setChannels(channels?: Record<string, boolean>, who?: AgeAnswer): Promise<void>;
  /**
   * Draws the site's marketing opt-ins — each with its purpose, items, retention and right to refuse, as the
   * config gives them — into `element` (in a shadow root), for a sign-up or consultation form. `channels`
   * limits them to some channel ids.
   */
  renderOptIns(element: Element, channels?: string[]): Promise<void>;
  /**
   * Draws the consents of the site's form `element.dataset.assentForm` (config `forms[]`) into the element, inside the
   * site's own `<form>`: one unticked checkbox per consent with its facts, legal-basis notices, the form's marketing
   * opt-ins and (where the site asks it) the age question with the guardian's verification. The form cannot be sent
   * until the required consents are given; on submit one receipt is recorded and its id put in the form as
   * `assent_receipt`. Elements with `data-assent-form` are drawn without a call. The element then has
   * `assentForm.status()` and fires `assent:form-change`, `assent:form-invalid` and `assent:form-recorded`.
   */
  renderForm(element: Element): Promise<void>;
  /** Calls `fn` on `ready` (at once if already ready) or on every `change`; returns an unsubscribe function. */
  on(event: AssentEvent, fn: (state: AssentState | null) => void): () => void;
  /**
   * Links later receipts to a signed-in member: an opaque (hashed) reference of 8–128 characters, and/or the person's
   * email address and phone number, so the privacy officer can find them when they call. The collector keeps only
   * keyed hashes of the email and the number (normalised: `010-1234-5678` and `+82 10 1234 5678` are the same).
   */
  identify(who: string | { member?: string; email?: string; phone?: string }): void;
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
