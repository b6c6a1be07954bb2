import type { FieldIssue } from './issues';
import { SERVICE_CATALOGUE } from './service-catalogue';
import type { Service, SiteConfig } from './site-config-schema';

type ParsedService = Partial<Service>;

/**
 * Each service complete: one named from the catalogue gets the catalogue's name, provider, purpose, cookies and
 * retention (in the site's languages only) where the config gives none of its own; one described in full must
 * have its name, purpose and retention. The problems found are returned with their paths.
 */
export function withCatalogue(
  config: Omit<SiteConfig, 'categories'> & { categories: { services: ParsedService[] }[] },
): { config: SiteConfig; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const ours = (texts: Record<string, string>) =>
    Object.fromEntries(Object.entries(texts).filter(([lang]) => config.languages.includes(lang)));
  const categories = config.categories.map((c, i) => ({
    ...c,
    services: c.services.map((s, j): Service => {
      const entry = s.catalogue ? SERVICE_CATALOGUE[s.catalogue] : undefined;
      if (!entry)
        for (const key of ['name', 'purpose', 'retention'] as const)
          if (s[key] === undefined)
            issues.push({
              path: ['categories', i, 'services', j, key],
              message: 'is required (or name a catalogue entry: "catalogue": "google-analytics")',
            });
      return {
        ...(s.catalogue ? { catalogue: s.catalogue } : {}),
        name: s.name ?? entry?.name ?? '',
        ...((s.provider ?? entry?.provider) ? { provider: s.provider ?? entry?.provider } : {}),
        purpose: s.purpose ?? ours(entry?.purpose ?? {}),
        cookies: s.cookies ?? [...(entry?.cookies ?? [])],
        retention: s.retention ?? ours(entry?.retention ?? {}),
      };
    }),
  }));
  return { config: { ...config, categories } as SiteConfig, issues };
}
