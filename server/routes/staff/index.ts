import { Hono } from 'hono';
import type { AppDeps } from '../../app';
import { bodySize } from '../../middleware/body-size';
import { staffAuth } from '../../middleware/staff-auth';
import type { StaffDeps, StaffEnv } from './context';
import { staffDutyRoutes } from './duties';
import { staffGuardianRoutes } from './guardians';
import { staffMeRoutes } from './me';
import { staffReceiptRoutes } from './receipts';
import { staffRightsRoutes } from './rights';
import { staffScanRoutes } from './scans';
import { staffStatsRoutes } from './stats';
import { staffSubjectRoutes } from './subjects';

/** A staff request body (a recorded decision) is small; anything bigger is refused before it is read. */
export const STAFF_BODY_BYTES = 64 * 1024;

/**
 * The staff API, for the privacy officer's tools: bearer tokens scoped to sites, every call written to the
 * signed access log (middleware/staff-auth.ts). One file per resource.
 */
export function staffRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  if (!deps.staff) return app;
  const staffDeps = deps as StaffDeps;
  app.use('*', bodySize(STAFF_BODY_BYTES), staffAuth(staffDeps));
  for (const routes of [
    staffMeRoutes,
    staffReceiptRoutes,
    staffSubjectRoutes,
    staffStatsRoutes,
    staffDutyRoutes,
    staffGuardianRoutes,
    staffRightsRoutes,
    staffScanRoutes,
  ])
    app.route('/', routes(staffDeps));
  return app;
}
