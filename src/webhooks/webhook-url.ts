import { isIP } from 'node:net';
import { ValidationError } from '../common/errors.js';
import { isAllowedHost, refusedRange } from './address-policy.js';
import type { ResolvedAddress } from './webhook-resolver.js';

export interface UrlPolicy {
  allowedHosts: readonly string[];
  production: boolean;
  resolve: (host: string) => Promise<ResolvedAddress[]>;
}

const refuse = (code: string, params: Record<string, string> = {}) => new ValidationError([{ field: 'url', code: `webhooks.errors.${code}`, params }]);

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
    if (range) throw refuse('url_refused', { address: host, range });
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
    if (range) throw refuse('url_refused', { address: a.address, range });
  }
  return url.toString();
}
