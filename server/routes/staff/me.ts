import { optInsOf, type StaffMe } from '../../../protocol';
import { Hono } from 'hono';
import type { StaffDeps, StaffEnv } from './context';

/** Who the token belongs to and the sites it may see, with what the dashboard needs to label them and record decisions. */
export function staffMeRoutes(deps: StaffDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/me', (c) => {
    const member = c.get('staff');
    const mine = member.sites.map((id) => deps.sites.get(id)).filter((s) => !!s);
    return c.json({
      name: member.name,
      sites: mine.map(({ config: s, revision }) => ({
        id: s.id,
        name: s.name,
        revision,
        timezone: s.timezone,
        languages: s.languages,
        defaultLanguage: s.defaultLanguage,
        policies: s.policies.map((p) => ({ id: p.id, effective: p.effectiveDate })),
        categories: s.categories.map((k) => ({ id: k.id, label: k.label, required: k.required })),
        channels: optInsOf(s.channels).map((o) => ({
          id: o.id,
          label: o.facts.label,
          medium: o.medium,
          ...(o.refines ? { refines: o.refines } : {}),
        })),
        resultNoticeWebhook: !!s.webhooks.resultNotices,
        consents: s.consents.map((c) => ({ id: c.id, label: c.label, kind: c.kind, required: c.required })),
        forms: s.forms.map((f) => ({ id: f.id, title: f.title })),
        children: s.children.enabled,
        guardianCodeGateway: !!s.webhooks.guardianCodes,
      })),
    } satisfies StaffMe);
  });
  return app;
}
