/**
 * npm run schema — writes protocol/site-config.schema.json (for editors: the demo configs point at it with
 * `$schema`) and docs/config-reference.md from the valibot schema, and docs/catalogue.md from the catalogue.
 * test/protocol/site-config-json-schema.test.ts and service-catalogue.test.ts fail when one is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { siteConfigJsonSchema } from './site-config-json-schema';
import { catalogueReference } from './catalogue-reference';
import { siteConfigReference } from './site-config-reference';

const ROOT = join(import.meta.dirname, '../..');
export const SCHEMA_FILE = join(ROOT, 'protocol/site-config.schema.json');
export const REFERENCE_FILE = join(ROOT, 'docs/config-reference.md');

export const CATALOGUE_FILE = join(ROOT, 'docs/catalogue.md');

export const schemaText = () => `${JSON.stringify(siteConfigJsonSchema(), null, 2)}\n`;
export const referenceText = () => siteConfigReference(siteConfigJsonSchema());
export const catalogueText = () => catalogueReference();

if (process.argv[1] === import.meta.filename) {
  writeFileSync(SCHEMA_FILE, schemaText());
  writeFileSync(REFERENCE_FILE, referenceText());
  writeFileSync(CATALOGUE_FILE, catalogueText());
  console.log(`wrote ${SCHEMA_FILE}, ${REFERENCE_FILE} and ${CATALOGUE_FILE}`);
}
