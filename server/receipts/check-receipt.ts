import { VISITOR_METHODS, type FieldIssue, type ReceiptRequest } from '../../protocol';
import type { Site } from '../sites/site-registry';

/**
 * The rules a receipt must meet for its site: only the site's policy versions, languages, categories and
 * channels; a full snapshot of every choice; required categories on; consistent actions.
 */
export function checkAgainstSite(req: ReceiptRequest, site: Site, opts: { staff: boolean }): FieldIssue[] {
  const { config } = site;
  const issues: FieldIssue[] = [];
  const add = (path: FieldIssue['path'], message: string) => issues.push({ path, message });

  if (!config.policies.some((p) => p.id === req.policy)) {
    add(['policy'], `is not a policy version of site "${config.id}" (known: ${config.policies.map((p) => p.id).join(', ')})`);
  }
  if (!config.languages.includes(req.language)) add(['language'], `is not a language of this site (${config.languages.join(', ')})`);
  if (!opts.staff && !(VISITOR_METHODS as readonly string[]).includes(req.method)) {
    add(['method'], `"${req.method}" can only be recorded through the staff API`);
  }
  if (opts.staff && !req.method.startsWith('staff-')) add(['method'], 'staff record decisions with staff-phone, staff-written, staff-in-person or staff-fax');
  if (!opts.staff && req.recordedBy) add(['recordedBy'], 'is set by the collector for staff-recorded decisions only');

  const categories = req.choices.categories;
  for (const id of Object.keys(categories)) {
    if (!config.categories.some((c) => c.id === id)) add(['choices', 'categories', id], 'is not a cookie category of this site');
  }
  for (const c of config.categories) {
    if (!(c.id in categories)) add(['choices', 'categories', c.id], 'is missing: a receipt records a choice for every category');
    else if (c.required && categories[c.id] === false) add(['choices', 'categories', c.id], 'is strictly necessary and cannot be refused');
  }

  const channels = req.choices.channels;
  for (const id of Object.keys(channels)) {
    if (!config.channels.some((c) => c.id === id)) add(['choices', 'channels', id], 'is not a marketing channel of this site');
  }
  for (const c of config.channels) if (!(c.id in channels)) add(['choices', 'channels', c.id], 'is missing: a receipt records a choice for every channel');
  if (channels.sms_night && !channels.sms) add(['choices', 'channels', 'sms_night'], 'needs "sms": night-time SMS is only possible with SMS consent');

  const optional = config.categories.filter((c) => !c.required);
  if (req.action === 'accept_all' && config.categories.some((c) => categories[c.id] === false)) {
    add(['action'], '"accept_all" must allow every category');
  }
  if (req.action === 'reject_all' && (optional.some((c) => categories[c.id]) || Object.values(channels).some(Boolean))) {
    add(['action'], '"reject_all" must refuse every optional category and channel');
  }

  if (req.guardian && !config.children.enabled) add(['guardian'], "this site does not collect children's consent");
  return issues;
}
