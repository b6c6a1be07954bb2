import type { StoredReceipt } from '../protocol';

export type Localized = Record<string, string>;
export interface SiteInfo {
  id: string;
  name: Localized;
  /** The site config's current revision: what a recorded decision is made under. */
  revision: string;
  timezone: string;
  languages: string[];
  policies: { id: string; effective: string }[];
  categories: { id: string; label: Localized; required: boolean }[];
  channels: { id: string; label: Localized }[];
}
export interface Me {
  name: string;
  sites: SiteInfo[];
}
export type Receipt = StoredReceipt & { redacted?: { reason: string; at: string } };
/** Days (`YYYY-MM-DD`) in the viewer's time zone, both included. */
export interface Range {
  from: string;
  to: string;
  timeZone: string;
}
