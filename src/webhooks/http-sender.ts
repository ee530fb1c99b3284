import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import type { WebhookSender } from '../ports/webhook-sender.js';
import type { AttemptOutcome } from '../domain/webhooks.js';
import { inspectUrl, LOOPBACK_ADDRESSES, type UrlPolicyOptions } from '../media/url-policy.js';

const MAX_RESPONSE_CHARS = 500;

/**
 * Webhook POSTs under the same SSRF guard as media URLs: the URL policy before connecting, and
 * request-filtering-agent at connect time (a DNS answer that changed in between is still
 * refused). Redirects are not followed (a 3xx is a failed attempt); the whole attempt, the
 * response body included, has a deadline.
 */
export function createHttpWebhookSender(opts: { timeoutMs: number; policy: UrlPolicyOptions }): WebhookSender {
  const filter = {
    allowPrivateIPAddress: false,
    allowMetaIPAddress: false,
    allowIPAddressList: opts.policy.allowLoopback ? LOOPBACK_ADDRESSES : [],
  };
  const agents = { http: new RequestFilteringHttpAgent(filter), https: new RequestFilteringHttpsAgent(filter) };
  return {
    async send({ url, body, headers, signal }): Promise<AttemptOutcome> {
      const started = Date.now();
      const outcome = (o: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({ ...o, durationMs: Date.now() - started });
      const verdict = await inspectUrl(url, { ...opts.policy, label: 'webhook URL' });
      if (!verdict.ok) {
        return outcome({ ok: false, statusCode: null, error: `refused: ${verdict.reason}`, responseBody: null, permanent: verdict.kind !== 'dns' });
      }
      const deadline = AbortSignal.timeout(opts.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
      const isHttps = verdict.url.protocol === 'https:';
      try {
        const { statusCode, text } = await new Promise<{ statusCode: number; text: string }>((resolve, reject) => {
          const req = (isHttps ? https : http).request(verdict.url, {
            method: 'POST',
            agent: isHttps ? agents.https : agents.http,
            signal: combined,
            headers: { 'content-type': 'application/json', 'user-agent': 'interview-flow-webhooks', 'content-length': Buffer.byteLength(body), ...headers },
            ...(opts.policy.lookup ? { lookup: opts.policy.lookup } : {}),
          }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => { if (text.length < MAX_RESPONSE_CHARS) text += chunk; });
            res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, text: text.slice(0, MAX_RESPONSE_CHARS) }));
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end(body);
        });
        const ok = statusCode >= 200 && statusCode < 300;
        return outcome({ ok, statusCode, error: ok ? null : `the receiver answered HTTP ${statusCode}`, responseBody: text || null, permanent: false });
      } catch (err) {
        const message = deadline.aborted
          ? `no answer within ${(opts.timeoutMs / 1000).toFixed(1)} s`
          : (err as Error)?.message ?? String(err);
        // request-filtering-agent's connect-time refusal
        const refused = /is not allowed/.test(message);
        return outcome({ ok: false, statusCode: null, error: refused ? `refused: ${message}` : message, responseBody: null, permanent: refused });
      }
    },
  };
}
