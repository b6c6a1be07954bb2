import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { securityHeaders } from './middleware/security-headers';
import type { GeoHeaders } from './middleware/visitor-place';
import type { SiteScanner } from './scan/site-scanner';
import type { Logger } from './logger';
import type { KeyRing } from './proof/key-ring';
import { receiptAccessRoutes } from './routes/receipt-access';
import { guardianRoutes } from './routes/guardian';
import { staffRoutes } from './routes/staff';
import type { GuardianChecks } from './store/guardian-checks';
import type { StaffQueries } from './store/staff-queries';
import { logRoutes } from './routes/log';
import { onNotFound, onProblem } from './middleware/problem';
import { requestLog } from './middleware/request-log';
import { healthRoutes } from './routes/health';
import type { CollectorMetrics } from './metrics/collector-metrics';
import { metricsRoutes } from './routes/metrics';
import { schemaRoutes } from './routes/schemas';
import { openApiRoutes } from './routes/openapi';
import { receiptRoutes } from './routes/receipts';
import { siteConfigRoutes } from './routes/site-config';
import { bannerViewRoutes } from './routes/banner-views';
import { adminRoutes, type AdminFiles } from './routes/admin-files';
import type { BannerCounter } from './stats/banner-counter';
import type { SiteRegistry } from './sites/site-registry';
import { widgetRoutes, type WidgetFiles } from './routes/widget-files';
import type { ReceiptStore } from './store/receipt-store';

export interface Clock {
  now(): Date;
}

/** Everything the app needs from outside, injected so tests run it over a real store without patching globals. */
export interface AppDeps {
  store: ReceiptStore;
  sites: SiteRegistry;
  /** Signs receipts and checkpoints; its public keys are served as the JWKS. */
  keys: KeyRing;
  clock: Clock;
  logger: Logger;
  /** The client's address (socket or trusted proxy header); undefined when unknown. */
  clientIp: (c: Context) => string | undefined;
  /** The headers the CDN puts the visitor's country in (`ASSENT_GEO`): regimes and receipts' country need them. */
  geo?: GeoHeaders;
  /** Runs `assent scan` for the dashboard (Chromium); without it the staff scan answers 503. */
  scanner?: SiteScanner;
  rateLimit: { limit: number; windowMs: number };
  /** Failed staff sign-ins and wrong receipt secrets allowed per client and window (default 10 a minute). */
  failedAuth?: { limit: number; windowMs: number };
  /** The staff API's queries (the store's, in practice); without them `/v1/staff` is not served. */
  staff?: StaffQueries;
  /** Children's receipts waiting for their guardian (the store's); without them `/v1/guardian` is not served. */
  guardians?: GuardianChecks;
  /** For the site's code gateway (tests inject one). */
  fetch?: typeof fetch;
  /** The built widget; without it `/assent.js` is not served (tests of the API alone). */
  widget?: WidgetFiles;
  /** Counts banner views for the dashboard; without it `/v1/sites/:site/shown` answers but counts nothing. */
  bannerViews?: BannerCounter;
  /** The built admin dashboard (dist/admin), served at `/admin/`. */
  admin?: AdminFiles;
  /** Serve the demo clinic sites under `/demo/`, in order (each passes on what it has no file for). */
  demo?: MiddlewareHandler[];
  /** Prometheus metrics at `/metrics` (ASSENT_METRICS=1), and the bearer token that may read them, if any. */
  metrics?: { registry: CollectorMetrics; token?: string };
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use('*', requestId());
  app.use('*', requestLog(deps.logger));
  app.use('*', securityHeaders());
  app.onError(onProblem(deps.logger, deps.metrics?.registry));
  app.notFound(onNotFound);

  app.route('/', healthRoutes(deps));
  if (deps.metrics) app.route('/', metricsRoutes(deps.metrics.registry, deps.metrics.token));
  app.route('/', schemaRoutes());
  app.route('/', openApiRoutes());
  app.route('/v1/receipts', receiptRoutes(deps));
  app.route('/', receiptAccessRoutes(deps));
  app.route('/', logRoutes(deps));
  app.route('/v1/staff', staffRoutes(deps));
  app.route('/v1/guardian', guardianRoutes(deps));
  app.route('/v1/sites', siteConfigRoutes(deps));
  app.route('/v1/sites', bannerViewRoutes(deps));
  app.route('/', widgetRoutes(deps));
  if (deps.admin) app.route('/', adminRoutes(deps.admin));
  if (deps.demo) {
    app.get('/', (c) => c.redirect('/demo/'));
    app.use('/demo/*', ...deps.demo);
  }
  return app;
}
