/**
 * A local HTTP server speaking Anthropic's Messages API (POST /v1/messages), for tests of the
 * `baml` analyzer. Same prompt-driven answers, faults and request log as the OpenAI fake; usage
 * is reported the Anthropic way (input_tokens excludes cache reads, which come separately in
 * cache_read_input_tokens).
 */
import { randomUUID } from 'node:crypto';
import {
  FakeLlmState, listen, readJsonBody, sendJson,
  type Fault, type FakeLlmServer, type FakeLlmServerOptions, type RecordedRequest,
} from './fake-openai.js';

export type { Fault, FakeLlmServer, RecordedRequest };

type Block = { type: string; text?: string };
type Content = string | Block[];

function text(content: Content | undefined): string {
  if (!content) return '';
  return typeof content === 'string' ? content : content.map((b) => b.text ?? '').join('');
}

/** Starts the fake; `url` is the origin, like https://api.anthropic.com. */
export async function startFakeAnthropic(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const state = new FakeLlmState(options);
  return listen(state, async (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `Unknown path ${req.url}` } });
      return;
    }
    if (!req.headers['x-api-key'] || !req.headers['anthropic-version']) {
      sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'x-api-key and anthropic-version headers are required' } });
      return;
    }
    const body = (await readJsonBody(req)) as {
      model?: string; system?: Content; messages?: Array<{ role: string; content: Content }>;
      max_tokens?: number; stream?: boolean; temperature?: unknown; seed?: unknown;
    };
    const model = body.model ?? 'unknown';
    const prompt = [text(body.system), ...(body.messages ?? []).map((m) => text(m.content))].join('\n');
    const record: RecordedRequest = {
      at: Date.now(), model, task: 'unknown', promptChars: prompt.length, prompt, status: 200, items: 0,
      sampling: { temperature: body.temperature, seed: body.seed },
      usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0 },
    };
    state.requests.push(record);
    if (body.seed !== undefined) {
      // the Messages API refuses fields it does not define
      record.status = 400;
      sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'seed: Extra inputs are not permitted' } });
      return;
    }
    if (typeof body.max_tokens !== 'number') {
      record.status = 400;
      sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
      return;
    }

    const fault = state.takeFault(model);
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === 'hang') {
        state.hanging.add(res);
        res.on('close', () => state.hanging.delete(res));
        return;
      }
      if (fault.kind !== 'garbage') {
        const [status, payload, headers] = anthropicError(fault);
        record.status = status;
        sendJson(res, status, payload, { 'request-id': `req_${randomUUID()}`, ...headers });
        return;
      }
    }

    const answer = state.answer(prompt);
    const reply = fault?.kind === 'garbage' ? '<html><body>502 Bad Gateway</body></html> %%% not json' : answer.text;
    record.task = answer.task;
    if (fault?.kind !== 'garbage') record.items = answer.items;
    record.usage = { ...answer.usage, outputTokens: Math.ceil(reply.length / 4) };
    // Anthropic reports cache reads apart from input_tokens.
    const usage = {
      input_tokens: record.usage.inputTokens - record.usage.cachedTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: record.usage.cachedTokens,
      output_tokens: record.usage.outputTokens,
    };
    const id = `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = (name: string, data: object) => res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
      event('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      for (let i = 0; i < reply.length; i += 200) event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: reply.slice(i, i + 200) } });
      event('content_block_stop', { index: 0 });
      event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
      event('message_stop', {});
      res.end();
      return;
    }
    sendJson(res, 200, {
      id, type: 'message', role: 'assistant', model,
      content: [{ type: 'text', text: reply }],
      stop_reason: 'end_turn', stop_sequence: null, usage,
    }, { 'request-id': `req_${randomUUID()}` });
  }, '');
}

function anthropicError(fault: Exclude<Fault, { kind: 'hang' | 'garbage' }>): [number, unknown, Record<string, string>] {
  const err = (type: string, message: string) => ({ type: 'error', error: { type, message } });
  switch (fault.kind) {
    case 'rate-limit':
      return [429, err('rate_limit_error', 'This request would exceed the rate limit for your organization of 50 requests per minute.'), {
        'retry-after': String(fault.retryAfterSeconds),
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0',
      }];
    case 'server-error':
      return fault.status === 529
        ? [529, err('overloaded_error', 'Overloaded'), {}]
        : [fault.status ?? 500, err('api_error', 'Internal server error'), {}];
    case 'context-length':
      return [400, err('invalid_request_error', 'prompt is too long: 212345 tokens > 200000 maximum'), {}];
    case 'unauthorized':
      return [401, err('authentication_error', 'invalid x-api-key'), {}];
  }
}
