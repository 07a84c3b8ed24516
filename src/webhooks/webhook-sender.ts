import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isAllowedHost, refusedRange } from './address-policy.js';
import type { ResolvedAddress } from './webhook-resolver.js';

export const SEND_TIMEOUT_MS = 10_000;
/** Bytes of an answer kept for the delivery log; the socket is closed once they are read. */
export const SNIPPET_BYTES = 1024;

export interface SendOutcome { statusCode: number | null; latencyMs: number; snippet: string | null; error: string | null }

/** PostgreSQL text refuses NUL: a receiver's answer (or an error naming it) is logged with U+FFFD in its place. */
export const withoutNul = (text: string): string => text.replace(/\u0000/g, '\uFFFD');

/**
 * A refused target. An address written in the URL is named; for a host name only the range is, so the delivery log
 * cannot be used to learn what internal names resolve to.
 */
export class RefusedAddressError extends Error {
  constructor(readonly host: string, readonly range: string, address?: string) {
    super(address ? `refused address ${address} (${range})` : `refused host ${host}: it resolves to a ${range} address`);
  }
}

/**
 * The connect-time check: every address the name resolves to must be public (unless the host is allowed as written),
 * and the socket connects to the address that was checked, so a name cannot turn private between check and connect.
 */
export function guardedLookup(resolve: (host: string) => Promise<ResolvedAddress[]>, allowed: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then((addresses) => {
      if (!addresses.length) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
      if (!isAllowedHost(hostname, allowed)) {
        for (const a of addresses) {
          const range = refusedRange(a.address);
          if (range) throw new RefusedAddressError(hostname, range);
        }
      }
      const wanted = options.family === 6 || options.family === 4 ? addresses.filter((a) => a.family === options.family) : addresses;
      const list = wanted.length ? wanted : addresses;
      if (options.all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, list);
      else callback(null, list[0].address, list[0].family);
    }).catch((error: Error) => callback(error as NodeJS.ErrnoException, '', 0));
  };
}

/**
 * POSTs one signed body: no redirect followed (a 3xx is a failure like any non-2xx), cut off after 10 s, and at most
 * the first kilobyte of the answer read before the socket is destroyed. Never throws; the outcome says what happened.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, lookup: LookupFunction, allowed: readonly string[]): Promise<SendOutcome> {
  const started = Date.now();
  const done = (o: Omit<SendOutcome, 'latencyMs'>): SendOutcome => ({
    ...o, snippet: o.snippet === null ? null : withoutNul(o.snippet), error: o.error === null ? null : withoutNul(o.error), latencyMs: Date.now() - started,
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(done({ statusCode: null, snippet: null, error: 'invalid URL' }));
      return;
    }
    // An address written in the URL skips name resolution (and so the lookup): it is checked here instead.
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const range = isIP(host) && !isAllowedHost(host, allowed) ? refusedRange(host) : null;
    if (range) {
      resolve(done({ statusCode: null, snippet: null, error: new RefusedAddressError(host, range, host).message }));
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const agent = new client.Agent({ keepAlive: false, lookup });
    let settled = false;
    const finish = (o: Omit<SendOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      agent.destroy();
      resolve(done(o));
    };
    const req = client.request(target, {
      method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'RuangKreatif-Webhooks/1', ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const end = () => finish({ statusCode: res.statusCode ?? null, snippet: Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8'), error: null });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= SNIPPET_BYTES) end();
      });
      res.on('end', end);
      res.on('error', end);
    });
    const timer = setTimeout(() => finish({ statusCode: null, snippet: null, error: `timeout after ${SEND_TIMEOUT_MS / 1000} s` }), SEND_TIMEOUT_MS);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ statusCode: null, snippet: null, error: (e.code ? `${e.code}: ` : '') + e.message }));
    req.end(body);
  });
}
