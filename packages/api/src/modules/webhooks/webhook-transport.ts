import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface WebhookTransportOptions {
  /**
   * Development and tests only (refused in production by the configuration): http and private,
   * loopback addresses allowed, for a local receiver.
   */
  allowPrivateTargets: boolean;
  /** The DNS lookup (tests give one that answers what they need); the system's by default. */
  lookup?: LookupFunction;
  timeoutMs?: number;
}

export interface WebhookResponse {
  status: number;
}

/** A refusal before any byte was sent: the target is not a public internet address. */
export class TargetRefused extends Error {}

/**
 * POSTs one webhook. Server-side request forgery is refused where the connection is made: the
 * agents of request-filtering-agent check the address a name resolves to (and an address given
 * as such), so loopback, private, link-local, IPv4-mapped IPv6 and other non-unicast addresses
 * are refused also when a public-looking name resolves to them, at connect time (no gap between
 * the check and the connection). Redirects are never followed: a 3xx is a failed delivery.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: WebhookTransportOptions,
): Promise<WebhookResponse> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && !(options.allowPrivateTargets && target.protocol === 'http:')) {
    throw new TargetRefused('Webhooks are sent over HTTPS only');
  }
  if (target.username || target.password) throw new TargetRefused('No credentials in the address');
  const filter = { allowPrivateIPAddress: options.allowPrivateTargets, allowMetaIPAddress: false, keepAlive: false };
  const secure = target.protocol === 'https:';
  const agent = secure ? new RequestFilteringHttpsAgent(filter) : new RequestFilteringHttpAgent(filter);
  const request = secure ? https.request : http.request;
  return new Promise<WebhookResponse>((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        ...(options.lookup ? { lookup: options.lookup } : {}),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'EuRegioNet-Webhooks/1',
        },
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        // The answer's body is not needed: drain it so that the socket closes.
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('The receiver did not answer in time')));
    req.on('error', (err) => {
      agent.destroy();
      reject(/is not allowed/.test(err.message) ? new TargetRefused(`Refused: ${err.message}`) : err);
    });
    req.end(body);
  });
}
