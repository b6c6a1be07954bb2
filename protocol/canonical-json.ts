/**
 * Canonical JSON (RFC 8785, JCS) for the JSON values Assent hashes: object keys sorted by UTF-16 code units,
 * no whitespace, numbers and strings serialised as ECMAScript does (which is what RFC 8785 specifies).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is exactly the order RFC 8785 asks for.
    const keys = Object.keys(record).sort();
    let out = '{';
    for (const key of keys) {
      if (record[key] === undefined) continue;
      out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonicalJson: cannot serialise ${typeof value}`);
}
