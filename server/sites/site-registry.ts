import { createHash } from 'node:crypto';
import { canonicalJson, parseSiteConfig, toJsonPath, toPublicConfig, type PublicSiteConfig, type SiteConfig } from '../../protocol';
import { noticeDocument } from './notice-document';

export interface NoticeText {
  hash: string;
  site: string;
  policy: string;
  language: string;
  text: string;
}

export interface Site {
  config: SiteConfig;
  revision: string;
  publicConfig: PublicSiteConfig;
  /** The public config serialised once, served as is. */
  publicJson: string;
  origins: ReadonlySet<string>;
  /** Keyed by `${policy}\n${language}` for every policy version and site language. */
  notices: ReadonlyMap<string, NoticeText>;
}

export class SiteConfigError extends Error {}

export const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');

export function buildSite(config: SiteConfig): Site {
  const revision = createHash('sha256').update(canonicalJson(toPublicConfig(config, ''))).digest('base64url').slice(0, 16);
  const publicConfig = toPublicConfig(config, revision);
  const notices = new Map<string, NoticeText>();
  for (const policy of config.policies) {
    for (const language of config.languages) {
      const lang = policy.notice[language] ? language : config.defaultLanguage;
      const text = noticeDocument(config, policy.id, lang);
      notices.set(`${policy.id}\n${language}`, { hash: `sha256:${sha256Hex(text)}`, site: config.id, policy: policy.id, language: lang, text });
    }
  }
  return { config, revision, publicConfig, publicJson: JSON.stringify(publicConfig), origins: new Set(config.origins), notices };
}

/** The validated site configs, by id. Built once at start-up from the files main.ts read. */
export class SiteRegistry {
  readonly #sites = new Map<string, Site>();
  readonly #allOrigins = new Set<string>();

  constructor(configs: readonly SiteConfig[]) {
    for (const config of configs) {
      if (this.#sites.has(config.id)) throw new SiteConfigError(`two site configs have the id "${config.id}"`);
      const site = buildSite(config);
      this.#sites.set(config.id, site);
      site.origins.forEach((o) => this.#allOrigins.add(o));
    }
  }

  get(id: string): Site | undefined {
    return this.#sites.get(id);
  }

  all(): Site[] {
    return [...this.#sites.values()];
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
    if (result.value.id !== expected) errors.push(`${file.name}: $.id is "${result.value.id}" but the file name says "${expected}"`);
    else configs.push(result.value);
  }
  if (errors.length) throw new SiteConfigError(`invalid site config:\n  ${errors.join('\n  ')}`);
  if (!configs.length) throw new SiteConfigError('no site configs found: add at least one <site-id>.json');
  return configs;
}
