/**
 * The site-config reference (docs/config-reference.md), written from the JSON Schema that is itself written from
 * the valibot schema: one row per field with its type, whether it is required, per language or not, its default,
 * what it means and an example. `npm run schema` writes it; a test fails when it is out of date.
 */
type Node = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  format?: string;
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | boolean;
  default?: unknown;
  description?: string;
  examples?: unknown[];
  'x-per-language'?: boolean;
};

const code = (v: unknown) => `\`${JSON.stringify(v)}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(n: Node): string {
  if (n['x-per-language']) {
    const inner = n.additionalProperties as Node;
    return inner.type === 'object' ? 'per language: an object (below)' : `text per language (≤ ${inner.maxLength})`;
  }
  if (n.enum) return `one of ${n.enum.map((e) => code(e)).join(', ')}`;
  if (n.type === 'array') {
    const items = n.items ?? {};
    const each = items.type === 'object' ? 'objects (below)' : typeOf(items);
    return `list of ${each}${n.minItems ? `, at least ${n.minItems}` : ''}`;
  }
  if (n.type === 'integer' || n.type === 'number') return `whole number ${n.minimum ?? ''}–${n.maximum ?? ''}`;
  if (n.type === 'string') {
    if (n.format === 'email') return 'email address';
    if (n.format === 'date') return 'date (YYYY-MM-DD)';
    if (n.format === 'uri') return 'URL';
    if (n.pattern?.startsWith('^https?:')) return 'origin (`https://host`, no path)';
    if (n.pattern === '^[A-Z]{2}$') return 'country code (ISO 3166-1 alpha-2)';
    if (n.pattern === '^[a-z0-9][a-z0-9_-]{0,62}$') return 'id (lowercase letters, digits, `_`, `-`)';
    if (n.pattern?.startsWith('^[a-z]{2,3}')) return 'language tag (BCP 47)';
    if (n.maxLength) return `text (≤ ${n.maxLength})`;
    return 'text';
  }
  return n.type ?? 'value';
}

function rows(n: Node, path: string, required: boolean, out: string[]) {
  const example = n.examples?.[0];
  const meaning = [n.description ?? '', example !== undefined ? `Example: ${code(example)}` : ''].filter(Boolean);
  if (path)
    out.push(
      `| \`${path}\` | ${cell(typeOf(n))} | ${required ? '**required**' : 'optional'} | ${
        n.default !== undefined && (typeof n.default !== 'object' || Array.isArray(n.default)) ? code(n.default) : ''
      } | ${cell(meaning.join(' '))} |`,
    );
  const props = n.properties;
  if (props)
    for (const [key, child] of Object.entries(props))
      if (key !== '$schema') rows(child, path ? `${path}.${key}` : key, !!n.required?.includes(key), out);
  if (n.type === 'array' && n.items?.properties)
    for (const [key, child] of Object.entries(n.items.properties))
      rows(child, `${path}[].${key}`, !!n.items.required?.includes(key), out);
  const perLanguage = n['x-per-language'] && (n.additionalProperties as Node);
  if (perLanguage && perLanguage.properties)
    for (const [key, child] of Object.entries(perLanguage.properties))
      rows(child, `${path}.<lang>.${key}`, !!perLanguage.required?.includes(key), out);
}

export function siteConfigReference(schema: Node): string {
  const out: string[] = [];
  rows(schema, '', true, out);
  return [
    '# Site config: every field',
    '',
    '<!-- Written by `npm run schema` from protocol/site-config-schema.ts (via protocol/site-config.schema.json). -->',
    '',
    'Generated from the schema the collector validates with, so it cannot say something the collector does not',
    'check. "Per language" fields are objects with one text per language of the site (`{ "ko": "…", "en": "…" }`);',
    'each must have the default language, and each policy version a notice in every listed language. How the',
    'fields fit together, with a starting config: [config.md](config.md).',
    '',
    '| field | type | | default | meaning |',
    '|---|---|---|---|---|',
    ...out,
    '',
  ].join('\n');
}
