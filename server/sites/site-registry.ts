import { createHash } from 'node:crypto';
import {
  canonicalJson,
  parseSiteConfig,
  toJsonPath,
  toPublicConfig,
  type PublicSiteConfig,
  type SiteConfig,
} from '../../protocol';
import { sha256 } from '../proof/hash-chain';
import { noticeDocument } from './notice-document';

export interface NoticeText {
  hash: string;
  site: string;
  policy: string;
  language: string;
  text: string;
}

/** A site's public config as one revision served it (no origins, no webhook, no `revision` field). */
export type RevisionConfig = Omit<PublicSiteConfig, 'revision'>;

/** One revision of a site's config as the widget received it, with the exact notice texts it showed. */
export interface SiteRevision {
  revision: string;
  config: RevisionConfig;
  /** Keyed by `${policy}\n${language}` for every policy version and site language. */
  notices: ReadonlyMap<string, NoticeText>;
}

export interface Site {
  config: SiteConfig;
  revision: string;
  publicConfig: PublicSiteConfig;
  /** The public config serialised once, served as is. */
  publicJson: string;
  origins: ReadonlySet<string>;
  /** The current revision's notice texts. */
  notices: ReadonlyMap<string, NoticeText>;
}

export class SiteConfigError extends Error {}

/** The revision of a public config: 16 base64url characters of the sha256 of its canonical JSON. */
export const revisionOf = (config: RevisionConfig) =>
  createHash('sha256')
    .update(canonicalJson({ ...config, revision: '' }))
    .digest('base64url')
    .slice(0, 16);

/**
 * A revision served before the config knew form consents (stored as it was served, so its hash still holds): the
 * fields it lacks read as their defaults — no forms, children's data shared as before, no third-party flags.
 */
function withLaterDefaults(config: RevisionConfig): RevisionConfig {
  const c = config as Partial<RevisionConfig> & RevisionConfig;
  return {
    ...c,
    consents: c.consents ?? [],
    forms: c.forms ?? [],
    children: {
      ...c.children,
      shareWithThirdParties: c.children.shareWithThirdParties ?? true,
      guardianContactDays: c.children.guardianContactDays ?? 7,
    },
    categories: c.categories.map((k) => ({ ...k, thirdParty: k.thirdParty ?? false })),
  };
}

export function buildRevision(config: RevisionConfig, revision: string): SiteRevision {
  const notices = new Map<string, NoticeText>();
  for (const policy of config.policies) {
    for (const language of config.languages) {
      const lang = policy.notice[language] ? language : config.defaultLanguage;
      const text = noticeDocument(config, policy.id, lang);
      notices.set(`${policy.id}\n${language}`, {
        hash: `sha256:${sha256(text)}`,
        site: config.id,
        policy: policy.id,
        language: lang,
        text,
      });
    }
  }
  return { revision, config, notices };
}

export function buildSite(config: SiteConfig): Site {
  const { revision: _r, ...served } = toPublicConfig(config, '');
  const revision = revisionOf(served);
  const publicConfig = toPublicConfig(config, revision);
  const { notices } = buildRevision(served, revision);
  return {
    config,
    revision,
    publicConfig,
    publicJson: JSON.stringify(publicConfig),
    origins: new Set(config.origins),
    notices,
  };
}

/** The validated site configs, by id, and every revision of them served before (from the `revisions` log). */
export class SiteRegistry {
  readonly #sites = new Map<string, Site>();
  readonly #revisions = new Map<string, Map<string, SiteRevision>>();
  readonly #allOrigins = new Set<string>();

  constructor(configs: readonly SiteConfig[]) {
    for (const config of configs) {
      if (this.#sites.has(config.id)) throw new SiteConfigError(`two site configs have the id "${config.id}"`);
      const site = buildSite(config);
      this.#sites.set(config.id, site);
      const { revision: _r, ...served } = site.publicConfig;
      this.#revisions.set(
        config.id,
        new Map([[site.revision, { revision: site.revision, config: served, notices: site.notices }]]),
      );
      config.origins.forEach((o) => this.#allOrigins.add(o));
    }
  }

  get(id: string): Site | undefined {
    return this.#sites.get(id);
  }

  all(): Site[] {
    return [...this.#sites.values()];
  }

  /** A revision of a site's config served now or before; undefined if this collector never served it. */
  revision(site: string, revision: string): SiteRevision | undefined {
    return this.#revisions.get(site)?.get(revision);
  }

  /** Every revision known, the current ones included. */
  revisions(): SiteRevision[] {
    return [...this.#revisions.values()].flatMap((m) => [...m.values()]);
  }

  /**
   * Adds revisions served before (read back from the log at start-up). One whose content does not hash to its
   * revision is left out: it was edited, and `assent verify` says so.
   */
  remember(stored: readonly { revision: string; config: RevisionConfig }[]): void {
    for (const { revision, config } of stored) {
      const known = this.#revisions.get(config.id);
      if (!known || known.has(revision) || revisionOf(config) !== revision) continue;
      known.set(revision, buildRevision(withLaterDefaults(config), revision));
    }
  }

  /** True when any site lists the origin; used to answer CORS preflights, which carry no site id. */
  anyAllows(origin: string): boolean {
    return this.#allOrigins.has(origin);
  }
}

/**
 * Parses and validates the site config files. Throws a SiteConfigError naming the file, the JSON path and the
 * problem of every issue found, so one start-up shows everything to fix.
 */
export function parseSiteFiles(files: readonly { name: string; text: string }[]): SiteConfig[] {
  const errors: string[] = [];
  const configs: SiteConfig[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(file.text);
    } catch (e) {
      errors.push(`${file.name}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    const result = parseSiteConfig(json);
    if (!result.ok) {
      for (const issue of result.issues) errors.push(`${file.name}: ${toJsonPath(issue.path)} ${issue.message}`);
      continue;
    }
    const expected = file.name.replace(/\.json$/, '');
    if (result.value.id !== expected)
      errors.push(`${file.name}: $.id is "${result.value.id}" but the file name says "${expected}"`);
    else configs.push(result.value);
  }
  if (errors.length) throw new SiteConfigError(`invalid site config:\n  ${errors.join('\n  ')}`);
  if (!configs.length) throw new SiteConfigError('no site configs found: add at least one <site-id>.json');
  return configs;
}
