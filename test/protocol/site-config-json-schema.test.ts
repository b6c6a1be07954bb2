import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteRegistry, parseSiteFiles } from '../../server/sites/site-registry';
import { REFERENCE_FILE, SCHEMA_FILE, referenceText, schemaText } from '../../server/sites/write-site-config-docs';
import { DEMO_SITES_DIR, makeCollector } from '../helpers/collector';

const ROOT = join(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);
const errorsOf = (config: unknown) =>
  validate(config) ? [] : (validate.errors as ErrorObject[]).map((e) => `${e.instancePath || '/'} ${e.message}`);

/** The starter config in docs/config.md, as a new user would copy it. */
const starter = () => {
  const doc = readFileSync(join(ROOT, 'docs/config.md'), 'utf8');
  const block = /<!-- starter-config -->\s*```json\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/config.md has no starter config');
  return block[1]!;
};

describe('the site config JSON Schema and the config reference, both written from the valibot schema', () => {
  it('are up to date in the repository (npm run schema writes them)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
    expect(readFileSync(REFERENCE_FILE, 'utf8')).toBe(referenceText());
  });

  it('accepts both demo configs, which point editors at it with $schema', () => {
    for (const id of ['leepeem', 'liv']) {
      const config = JSON.parse(readFileSync(join(DEMO_SITES_DIR, `${id}.json`), 'utf8'));
      expect(config.$schema).toBe('../../protocol/site-config.schema.json');
      expect(errorsOf(config), id).toEqual([]);
    }
  });

  it('refuses what a config written from the README alone got wrong, and the collector says what it wants', () => {
    const config = JSON.parse(starter());
    // Plain strings where a text per language is wanted, a number as a string, a field that does not exist.
    const wrong = {
      ...config,
      name: 'Seoul Clinic',
      categories: [{ ...config.categories[0], label: 'Necessary' }, config.categories[1]],
      lifetimes: { consentDays: '365' },
      colour: 'blue',
    };
    const errors = errorsOf(wrong);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/name must be object',
        '/categories/0/label must be object',
        '/lifetimes/consentDays must be integer',
        '/ must NOT have additional properties',
      ]),
    );
    expect(() => parseSiteFiles([{ name: 'clinic.json', text: JSON.stringify(wrong) }])).toThrow(
      /\$\.name must be a text per language, such as \{ "ko": "…", "en": "…" \}/,
    );
  });

  it('the starter config of docs/config.md passes the schema and every rule of the collector', () => {
    expect(errorsOf(JSON.parse(starter()))).toEqual([]);
    const [config] = parseSiteFiles([{ name: 'clinic.json', text: starter() }]);
    expect(new SiteRegistry([config!]).get('clinic')?.config.name).toEqual({ ko: '서울클리닉', en: 'Seoul Clinic' });
  });

  it('is served at /schemas/site-config.json', async () => {
    const c = await makeCollector();
    const res = await c.app.request('/schemas/site-config.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/schema+json');
    expect(await res.json()).toEqual(schema);
    await c.store.close();
  });
});
