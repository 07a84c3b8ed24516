import { isAllowedHost, refusedRange } from './address-policy.js';

describe('webhook address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'], ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.10', 'private'],
    ['169.254.10.1', 'link_local'], ['fe80::1', 'link_local'], ['fe80::1%eth0', 'link_local'],
    ['100.64.0.1', 'cgnat'], ['100.127.255.254', 'cgnat'],
    ['fc00::1', 'unique_local'], ['fd12:3456::1', 'unique_local'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['ff02::1', 'multicast'],
    ['169.254.169.254', 'metadata'], ['fd00:ec2::254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'], ['::ffff:169.254.169.254', 'metadata'],
    ['0:0:0:0:0:ffff:192.168.0.1', 'private'], ['255.255.255.255', 'reserved'], ['not-an-ip', 'reserved'],
    // IPv4 inside IPv6: compatible (as written, and as the URL parser rewrites it), translated, local NAT64, Teredo, site-local.
    ['[::127.0.0.1]', 'loopback'], ['[::169.254.169.254]', 'metadata'], ['::7f00:1', 'reserved'], ['[::a9fe:a9fe]', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'], ['64:ff9b:1::1', 'reserved'], ['2001::1', 'reserved'], ['2001:0:4136:e378::1', 'reserved'], ['fec0::1', 'reserved'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '11.0.0.1', '2001:4860:4860::8888'])('lets the public address %s through', (address) => {
    expect(refusedRange(address)).toBeNull();
  });

  it('allows hosts by the name or address written in the URL, not by what a name resolves to', () => {
    expect(isAllowedHost('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isAllowedHost('Hooks.Local', ['hooks.local'])).toBe(true);
    expect(isAllowedHost('[::1]', ['::1'])).toBe(true);
    expect(isAllowedHost('localhost', ['127.0.0.1'])).toBe(false);
    expect(isAllowedHost('10.0.0.1', [])).toBe(false);
  });
});
