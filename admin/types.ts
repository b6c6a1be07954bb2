import type { StoredReceipt } from '../protocol/receipt-schema';
import type { StaffReceipt } from '../protocol/staff-api';

export type { Localized, StaffSite as SiteInfo, StaffMe as Me } from '../protocol/staff-api';
export type Receipt = StaffReceipt &
  Partial<Pick<StoredReceipt, 'subject' | 'member' | 'guardian' | 'signature'>> & {
    redacted?: { reason: string; at: string };
  };
/** Days (`YYYY-MM-DD`) in the viewer's time zone, both included. */
export interface Range {
  from: string;
  to: string;
  timeZone: string;
}
