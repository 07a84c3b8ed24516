import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

export interface ResolvedAddress { address: string; family: number }

/**
 * Name resolution for webhook URLs, one object for the check at creation and the one at connect time. Tests replace
 * `resolve` to make a name point somewhere else later (DNS rebinding).
 */
@Injectable()
export class WebhookResolver {
  resolve: (host: string) => Promise<ResolvedAddress[]> = (host) => lookup(host, { all: true, verbatim: true });
}
