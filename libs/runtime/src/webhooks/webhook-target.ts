import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook may not reach unless configured otherwise: loopback, private, link-local and the like. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Whether `target` may receive webhooks: an absolute http(s) URL without credentials, whose host resolves only to
 * public addresses (every address is checked: a name with one private address is refused). With `allowPrivate`,
 * only the form is checked. Run at creation and again before each delivery (a name can be re-pointed).
 */
export async function checkWebhookTarget(
  target: string,
  options: { allowPrivate: boolean; resolve?: (host: string) => Promise<string[]> },
): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { ok: false, reason: 'targetUrl must be an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'targetUrl must be http(s)' };
  if (url.username || url.password) return { ok: false, reason: 'targetUrl must not carry credentials' };
  if (options.allowPrivate) return { ok: true, url };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return { ok: false, reason: 'targetUrl must not be a loopback or private address' };
  }
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (options.resolve ?? resolveAll)(host);
  } catch {
    return { ok: false, reason: `targetUrl's host ${host} does not resolve` };
  }
  if (addresses.length === 0) return { ok: false, reason: `targetUrl's host ${host} does not resolve` };
  for (const raw of addresses) {
    // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is checked as the IPv4 address it stands for.
    const address = /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(raw) ? raw.slice(7) : raw;
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (BLOCKED.check(address, family)) {
      return { ok: false, reason: 'targetUrl must not be a loopback or private address' };
    }
  }
  return { ok: true, url };
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((entry) => entry.address);
}
