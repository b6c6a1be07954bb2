import * as v from 'valibot';
import { RECEIPT_ID, SLUG } from './formats';

/** Reusable field schemas shared by the site-config and receipt schemas. */
export const slug = v.pipe(v.string(), v.regex(SLUG, 'must be 1–63 lowercase letters, digits, "_" or "-"'));
export const languageTag = v.pipe(
  v.string(),
  v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "ko", "en" or "zh-TW"'),
);
const dayExists = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
};
export const isoDate = v.pipe(
  v.string(),
  v.isoDate('must be a date as YYYY-MM-DD'),
  // valibot's isoDate checks the shape only; 2025-02-31 must fail too.
  v.check((s) => dayExists(s), 'must be a date that exists'),
);
export const isoTimestamp = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/, 'must be an RFC 3339 timestamp'),
  // Date.parse rolls 2026-02-30 over to March and accepts 24:00: the parts must exist as written.
  v.check((s) => {
    const [, day, h, m, sec, oh = '0', om = '0'] =
      /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(s) ?? [];
    return !!day && dayExists(day) && +h! < 24 && +m! < 60 && +sec! < 60 && +oh < 24 && +om < 60;
  }, 'must be a real date and time'),
);
export const text = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );
/** Text in several languages: `{ "ko": "…", "en": "…" }` (marked for the JSON Schema and the config reference). */
export const localized = (max = 2000) =>
  v.pipe(
    v.record(languageTag, text(max), 'must be a text per language, such as { "ko": "…", "en": "…" }'),
    v.check((r) => Object.keys(r).length > 0, 'must have at least one language'),
    v.metadata({ 'x-per-language': true, minProperties: 1 }),
  );
/** A field's description and examples, for the JSON Schema and the generated config reference (docs/config.md). */
export const about = <S extends v.GenericSchema>(schema: S, description: string, examples?: unknown[]) =>
  v.pipe(schema, v.metadata({ description, ...(examples ? { examples } : {}) }));
export const uuid = v.pipe(v.string(), v.regex(RECEIPT_ID, 'must be a lowercase UUID v4 or v7'));
