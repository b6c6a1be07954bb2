import { toJsonSchema } from '@valibot/to-json-schema';
import { siteConfigSchema } from '../../protocol';

/**
 * The JSON Schema of a site config, made from the valibot schema the collector validates with (no second copy):
 * an editor completes and checks a clinic's config as it is typed. What JSON Schema cannot say (a date that
 * exists, a URL's scheme, the cross-field rules of site-config-check.ts) the collector still checks at start-up.
 */
export function siteConfigJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(siteConfigSchema, { errorMode: 'ignore' }) as Record<string, unknown> & {
    properties: Record<string, unknown>;
  };
  return {
    $schema: schema.$schema,
    title: 'Assent site config',
    description:
      'One clinic site: its languages, controller, policy versions with their notices, cookie categories, ' +
      'marketing opt-ins, form consents, children, lifetimes and webhooks. Reference: docs/config.md.',
    ...schema,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors; not config).' },
      ...schema.properties,
    },
  };
}
