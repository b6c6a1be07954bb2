import { formCheckboxes, optInsOf, type StaffMe, type StaffPolicyNotice } from '../../../protocol';
import { ProblemError } from '../../middleware/problem';
import { Hono } from 'hono';
import { invalidQuery, siteOf, type StaffDeps, type StaffEnv } from './context';

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
        origins: s.origins,
        consents: s.consents.map((c) => ({ id: c.id, label: c.label, kind: c.kind, required: c.required })),
        forms: s.forms.map((f) => ({
          id: f.id,
          title: f.title,
          consents: (formCheckboxes(s, f.id) ?? []).map((c) => c.id),
          channels: f.channels,
        })),
        children: s.children.enabled,
        guardianCodeGateway: !!s.webhooks.guardianCodes,
      })),
    } satisfies StaffMe);
  });

  // A policy version's notice in one language as the site serves it now: what the officer compares versions with.
  app.get('/policies/:policy/notice', (c) => {
    const site = siteOf(deps, c, c.req.query('site'));
    const policy = c.req.param('policy');
    const language = c.req.query('language') ?? site.config.defaultLanguage;
    if (!site.config.policies.some((p) => p.id === policy))
      throw new ProblemError(404, 'unknown-policy', 'Not Found', `Site "${site.config.id}" has no policy "${policy}".`);
    if (!site.config.languages.includes(language))
      throw invalidQuery(`language must be one of ${site.config.languages.join(', ')}`);
    const notice = site.notices.get(`${policy}\n${language}`)!;
    return c.json({
      policy,
      language: notice.language,
      hash: notice.hash,
      text: notice.text,
    } satisfies StaffPolicyNotice);
  });
  return app;
}
