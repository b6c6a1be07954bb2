/**
 * `assent scan` and the dashboard's scan: what a site really sets and calls, before a choice, after "reject all" and
 * after "accept all", named by its config and the service catalogue, and what is wrong with it.
 */
/** The three visits of a scan: as a new visitor, after "reject all", after "accept all". */
export type Phase = 'before' | 'reject' | 'accept';
export const PHASES: readonly Phase[] = ['before', 'reject', 'accept'];

export const FINDING_KINDS = ['before-consent', 'after-refusal', 'undeclared', 'declared-unseen'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export interface Finding {
  kind: FindingKind;
  what: string;
  detail: string;
}
export interface ScanRow {
  kind: 'cookie' | 'localStorage' | 'indexedDB' | 'request';
  name: string;
  domain: string;
  phases: Phase[];
  category?: string;
  service?: string;
  setter?: string;
}

/** `POST /v1/staff/scans?site=…`: the dashboard's scan of one of the site's pages. */
export interface StaffScan {
  url: string;
  site: string;
  pages: string[];
  scannedAt: string;
  seen: ScanRow[];
  findings: Finding[];
}
