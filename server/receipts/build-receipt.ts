import { PROTOCOL_VERSION, canonicalJson, type IpMode, type ReceiptRequest, type StoredReceipt } from '../../protocol';
import { sha256Hex, type Site } from '../sites/site-registry';
import { truncateIp } from './truncate-ip';

/** Stamps a checked request with what the server vouches for: its clock, the notice hash and (if opted in) the IP. */
export function buildReceipt(req: ReceiptRequest, site: Site, now: Date, clientIp: string | undefined): StoredReceipt {
  const notice = site.notices.get(`${req.policy}\n${req.language}`);
  if (!notice) throw new Error(`no notice text for ${req.policy}/${req.language}`);
  const receipt: StoredReceipt = {
    v: PROTOCOL_VERSION,
    ...req,
    receivedAt: now.toISOString(),
    notice: { hash: notice.hash, language: notice.language },
  };
  const ip = ipFor(site.config.ip, clientIp);
  if (ip) receipt.ip = ip;
  return receipt;
}

function ipFor(mode: IpMode, clientIp: string | undefined): string | undefined {
  return mode === 'truncated' && clientIp ? truncateIp(clientIp) : undefined;
}

/** Two requests are "the same" when their canonical JSON is equal, whatever the key order. */
export const requestHash = (req: ReceiptRequest) => sha256Hex(canonicalJson(req));
