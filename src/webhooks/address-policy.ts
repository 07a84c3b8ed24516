import { BlockList, isIP } from 'node:net';

/** Why an address is refused as a webhook target, or null when it is a public unicast address. */
export type RefusedRange = 'loopback' | 'private' | 'link_local' | 'cgnat' | 'unique_local' | 'unspecified' | 'multicast' | 'metadata' | 'reserved';

const RANGES: Array<[RefusedRange, string, number, 'ipv4' | 'ipv6']> = [
  ['metadata', '169.254.169.254', 32, 'ipv4'],
  ['metadata', 'fd00:ec2::254', 128, 'ipv6'],
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['link_local', '169.254.0.0', 16, 'ipv4'],
  ['cgnat', '100.64.0.0', 10, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'], // includes 255.255.255.255
  ['reserved', '192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['reserved', '198.18.0.0', 15, 'ipv4'], // benchmarking
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['link_local', 'fe80::', 10, 'ipv6'],
  ['unique_local', 'fc00::', 7, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['reserved', '64:ff9b::', 96, 'ipv6'], // NAT64: reaches IPv4 space through a gateway
  ['reserved', '2002::', 16, 'ipv6'], // 6to4: embeds an IPv4 address
  // After `::` and `::1` above: the first match names the range, so the specific entries come before these general ones.
  ['reserved', '::', 96, 'ipv6'], // IPv4-compatible (deprecated): `[::127.0.0.1]` is written `::7f00:1` by the URL parser
  ['reserved', '::ffff:0:0:0', 96, 'ipv6'], // IPv4-translated (SIIT)
  ['reserved', '64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['reserved', '2001::', 32, 'ipv6'], // Teredo: embeds an IPv4 address
  ['reserved', 'fec0::', 10, 'ipv6'], // site-local (deprecated, still routed inside some networks)
];

const lists = RANGES.map(([range, net, prefix, family]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { range, list, family };
});

/** `::ffff:10.0.0.1` and `::ffff:a00:1` are IPv4 addresses in IPv6 clothing: judged as the IPv4 address. */
function unmapped(address: string): string {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return address;
}

/** The refused range an IP address falls in, or null for a public address. Anything that is not an IP is refused. */
export function refusedRange(address: string): RefusedRange | null {
  const plain = unmapped(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  const family = isIP(plain);
  if (!family) return 'reserved';
  const kind = family === 4 ? 'ipv4' : 'ipv6';
  return lists.find((l) => l.family === kind && l.list.check(plain, kind))?.range ?? null;
}

/** Host names and addresses that `WEBHOOK_ALLOWED_HOSTS` lets through, compared as written in the URL (lower case, no brackets). */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((a) => a.toLowerCase().replace(/^\[|\]$/g, '') === h);
}
