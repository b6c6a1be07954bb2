import { lookup } from 'node:dns/promises';
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import ipaddr from 'ipaddr.js';

/** On the public internet: not loopback, private, link-local, unique-local, carrier-grade NAT, multicast, reserved. */
export function isPublicAddress(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

export interface EgressGuard {
  /** For Chromium's `--proxy-server`. */
  proxy: string;
  /** host:port of every connection refused, in order. */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * The dashboard's scan runs Chromium inside the collector at a site's request, so the site must not be able to point
 * it inward (a redirect, a link, a script or a DNS answer naming 127.0.0.1, 10.x, 169.254.169.254 …). Chromium
 * reaches the network only through this proxy, which resolves each host itself, connects to the very address it
 * checked (no second lookup to rebind), and allows a public address, or any address for the exact host and port of
 * one of the site's own origins (a clinic may host its site on its own network; the operator configured those).
 */
export async function startEgressGuard(origins: string[], timeoutMs = 15_000): Promise<EgressGuard> {
  const own = new Set(
    origins.map((o) => {
      const u = new URL(o);
      return `${u.hostname.replace(/^\[|\]$/g, '')}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
    }),
  );
  const blocked: string[] = [];
  const tunnels = new Set<Socket>();
  const resolve = async (host: string, port: number): Promise<string | undefined> => {
    const addresses = ipaddr.isValid(host)
      ? [host]
      : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
    const address = own.has(`${host}:${port}`) ? addresses[0] : addresses.find(isPublicAddress);
    if (!address) blocked.push(`${host}:${port}`);
    return address;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = URL.canParse(req.url ?? '') ? new URL(req.url!) : undefined;
    if (!url || url.protocol !== 'http:') return void res.writeHead(400).end();
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || 80);
    void resolve(host, port).then((address) => {
      if (!address) return void res.writeHead(403).end();
      const headers = { ...req.headers };
      delete headers['proxy-connection'];
      const upstream = forward(
        { host: address, port, method: req.method, path: `${url.pathname}${url.search}`, headers, timeout: timeoutMs },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('timeout', () => upstream.destroy());
      upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
      req.pipe(upstream);
    });
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '');
    client.on('error', () => client.destroy());
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    if (!m) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    const [host, port] = [m[1]!.toLowerCase(), Number(m[2])];
    void resolve(host, port).then((address) => {
      if (!address) return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      const upstream = connect({ host: address, port, timeout: timeoutMs }, () => {
        upstream.setTimeout(0);
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('timeout', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    proxy: `http://127.0.0.1:${port}`,
    blocked,
    close: () =>
      new Promise<void>((ok) => {
        tunnels.forEach((t) => t.destroy());
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Chromium's flags that send every connection, loopback included, through the guard. */
export const guardedArgs = (guard: EgressGuard) => [`--proxy-server=${guard.proxy}`, '--proxy-bypass-list=<-loopback>'];
