/** UUID v7: time-ordered, so receipt ids sort by creation and index cheaply. */
export function uuidv7(now: number, random: (n: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  for (let i = 0; i < 6; i++) b[i] = Math.floor(now / 2 ** (8 * (5 - i))) & 0xff;
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// The id alphabet in ASCII order, so ids that begin with the time sort by it (SQLite compares text byte by byte).
const SORTED = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/**
 * A pseudonymous visitor id, 22 characters: when it was made (milliseconds, 7 characters that sort by time; no
 * leading "-", which a command line would take for an option, from 1973 to 2109) and 90 random bits. Like the
 * receipts' v7 ids, new visitors' ids sort together, so the collector's indexes keyed by subject take a batch of
 * first decisions in a few pages rather than a page each. The time tells no more than the visitor's first receipt
 * id (v7) and decision time already do.
 */
export function newSubject(
  now: number,
  random: (n: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  let id = '';
  for (let i = 6; i >= 0; i--) id += SORTED[Math.floor(now / 2 ** (6 * i)) & 63];
  for (const x of random(new Uint8Array(15))) id += SORTED[x & 63];
  return id;
}
