import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as it arrives in an OTLP/HTTP JSON export request, with its process's service name. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  name: string;
  /** BullMQ's `bullmq.job.id` attribute (step spans). */
  jobId: string | undefined;
}

type OtlpAttributes = { key: string; value: { stringValue?: string } }[] | undefined;
const attr = (attrs: OtlpAttributes, key: string) => attrs?.find((a) => a.key === key)?.value.stringValue;

/**
 * A local OTLP/HTTP trace receiver (what a collector's port 4318 does): accepts
 * POST /v1/traces with the JSON encoding the bundled exporter sends and keeps every span.
 */
export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  spans: ReceivedSpan[];
  requests: { path: string; contentType: string | undefined }[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: OtlpReceiver['requests'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      requests.push({ path: req.url ?? '', contentType: req.headers['content-type'] });
      if (req.method !== 'POST' || req.url !== '/v1/traces') { res.writeHead(404).end(); return; }
      const payload = JSON.parse(body) as { resourceSpans: { resource: { attributes: OtlpAttributes }; scopeSpans: { spans: { traceId: string; spanId: string; name: string; attributes: OtlpAttributes }[] }[] }[] };
      for (const rs of payload.resourceSpans) {
        const service = attr(rs.resource.attributes, 'service.name') ?? '';
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans) spans.push({ service, traceId: s.traceId, spanId: s.spanId, name: s.name, jobId: attr(s.attributes, 'bullmq.job.id') });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * Analyzer (LLM) calls per analysis job: the `llm <method>` spans, attributed to a job through
 * the BullMQ step span of the same trace.
 */
export function analyzerCallsByJob(spans: ReceivedSpan[]): Map<string, Record<string, number>> {
  const jobOfTrace = new Map<string, string>();
  for (const s of spans) if (s.jobId && s.name.startsWith('process ')) jobOfTrace.set(s.traceId, s.jobId.split('.')[0]!);
  const out = new Map<string, Record<string, number>>();
  for (const s of spans) {
    if (!s.name.startsWith('llm ')) continue;
    const job = jobOfTrace.get(s.traceId) ?? `unattributed ${s.traceId}`;
    const calls = out.get(job) ?? {};
    const method = s.name.slice(4);
    calls[method] = (calls[method] ?? 0) + 1;
    out.set(job, calls);
  }
  return out;
}
