/**
 * The client's address behind `proxies` proxies you run: each proxy appends the address it saw to
 * X-Forwarded-For, so the client is the entry `proxies` hops from the right. Entries further left were written
 * by the client and prove nothing. With no proxy, or a header shorter than the proxies it should have passed,
 * the answer is undefined and the socket's address is used instead.
 */
export function forwardedClient(header: string | undefined, proxies: number): string | undefined {
  if (!proxies || !header) return undefined;
  const hops = header
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.length >= proxies ? hops[hops.length - proxies] : undefined;
}
