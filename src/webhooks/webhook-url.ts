import { isIP } from 'node:net';
import { ValidationError, type Params } from '../common/errors.js';
import { isAllowedHost, refusedRange, type RefusedRange } from './address-policy.js';
import type { ResolvedAddress } from './webhook-resolver.js';

export interface UrlPolicy {
  allowedHosts: readonly string[];
  production: boolean;
  resolve: (host: string) => Promise<ResolvedAddress[]>;
}

const RANGE_NAMES: Record<RefusedRange, { id: string; en: string }> = {
  loopback: { id: 'loopback', en: 'loopback' }, private: { id: 'privat', en: 'private' }, link_local: { id: 'link-local', en: 'link-local' },
  cgnat: { id: 'NAT operator (CGNAT)', en: 'carrier-grade NAT' }, unique_local: { id: 'unique-local', en: 'unique-local' },
  unspecified: { id: 'tak-tertentu', en: 'unspecified' }, multicast: { id: 'multicast', en: 'multicast' },
  metadata: { id: 'metadata cloud', en: 'cloud-metadata' }, reserved: { id: 'cadangan', en: 'reserved' },
};

const refuse = (code: string, params: Params = {}) => new ValidationError([{ field: 'url', code: `webhooks.errors.${code}`, params }]);

/**
 * The check when an endpoint's URL is set: http(s) only, https in production, and a host that is allowed as written or
 * whose every address is public. The same addresses are checked again when each delivery connects.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('url_invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('url_invalid');
  if (url.username || url.password) throw refuse('url_credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowed = isAllowedHost(host, policy.allowedHosts);
  if (policy.production && url.protocol !== 'https:' && !allowed) throw refuse('url_https');
  if (allowed) return url.toString();
  if (isIP(host)) {
    const range = refusedRange(host);
    if (range) throw refuse('url_refused', { address: host, range: RANGE_NAMES[range] });
    return url.toString();
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    throw refuse('url_unresolvable', { host });
  }
  if (!addresses.length) throw refuse('url_unresolvable', { host });
  for (const a of addresses) {
    const range = refusedRange(a.address);
    // Only the range: naming the address would let anyone probe what internal names resolve to.
    if (range) throw refuse('url_refused_host', { host, range: RANGE_NAMES[range] });
  }
  return url.toString();
}
