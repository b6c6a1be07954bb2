import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  canonicalJson,
  placeCode,
  type Place,
  type IpMode,
  type KeptRequest,
  type UnsignedReceipt,
} from '../../protocol';
import { sha256 } from '../proof/hash-chain';
import type { SiteRevision } from '../sites/site-registry';
import { truncateIp } from './truncate-ip';

// Salts come from a pool refilled 1,024 at a time: one call for random bytes costs more than the bytes.
let pool = Buffer.alloc(0);
function salt(): string {
  if (pool.length < 16) pool = randomBytes(16 * 1024);
  const bytes = pool.subarray(0, 16);
  pool = pool.subarray(16);
  return bytes.toString('base64url');
}

/**
 * Stamps a checked request with what the server vouches for: its clock, the hash of the notice text the
 * revision showed, a fresh salt for the digest of the personal fields, the visitor's country (on a site that
 * sets regimes, when the CDN said it) and (if opted in) the truncated IP.
 * The log adds its place and the signature when it commits it.
 */
export function buildReceipt(
  req: KeptRequest,
  revision: SiteRevision,
  ipMode: IpMode,
  now: Date,
  clientIp: string | undefined,
  place?: Place,
): UnsignedReceipt {
  // Raw contacts never reach a record (receipts/contact-keys.ts keeps their keyed hashes instead).
  if ('contacts' in req) throw new Error('buildReceipt: contacts must be replaced by their keys first');
  const notice = revision.notices.get(`${req.policy}\n${req.language}`);
  if (!notice) throw new Error(`no notice text for ${req.policy}/${req.language}`);
  const receipt: UnsignedReceipt = {
    v: PROTOCOL_VERSION,
    ...req,
    receivedAt: now.toISOString(),
    notice: { hash: notice.hash, language: notice.language },
    salt: salt(),
  };
  if (place) receipt.country = placeCode(place);
  const ip = ipMode === 'truncated' && clientIp ? truncateIp(clientIp) : undefined;
  if (ip) receipt.ip = ip;
  return receipt;
}

/** Two requests are "the same" when their canonical JSON is equal, whatever the key order. */
export const requestHash = (req: KeptRequest) => sha256(canonicalJson(req));
