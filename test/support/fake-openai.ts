/**
 * A local HTTP server speaking OpenAI's chat-completions protocol, for tests of the `baml`
 * analyzer (the real BAML runtime sends real HTTP requests to it).
 *
 * Its answers are computed from the prompt (see test/baml/support/fake-llm-brain.ts): it reads the utterances,
 * evidence, participants and questions that our BAML prompts list with their ids and answers
 * like a sloppy but plausible model would: markdown-fenced JSON with prose around it, trailing
 * commas, one changed and one invented quote, missing optional fields, an invented evidence id.
 * Usage is reported in the real response fields (prompt_tokens, completion_tokens,
 * prompt_tokens_details.cached_tokens). Faults can be injected per request.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { answerFromPrompt, type BrainOptions, type TaskName } from '../baml/support/fake-llm-brain.js';
import { FakeQuota, type FakeQuotaOptions } from './fake-quota.js';

export type Fault =
  /** 429 with a Retry-After header (seconds). */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** 500 (or the given 5xx). */
  | { kind: 'server-error'; status?: number }
  /** Accepts the request and never answers (until the client gives up or the server closes). */
  | { kind: 'hang' }
  /** 200 whose content is not JSON at all. */
  | { kind: 'garbage' }
  /** 400 context_length_exceeded (Anthropic: 400 "prompt is too long"). */
  | { kind: 'context-length' }
  /** 401 invalid API key. */
  | { kind: 'unauthorized' };

export interface RecordedRequest {
  /** Date.now() when the request arrived. */
  at: number;
  model: string;
  task: TaskName | 'unknown';
  promptChars: number;
  /** The whole prompt as the server saw it (system and user messages joined). */
  prompt: string;
  status: number;
  fault?: Fault['kind'] | 'quota';
  /** Items in the answer's list (evidence, themes, personas, answers), 0 for failures. */
  items: number;
  /** Sampling parameters the request carried (undefined when absent). */
  sampling: { temperature?: unknown; seed?: unknown };
  /** Tokens reported to the client (0 for failed requests). */
  usage: { inputTokens: number; outputTokens: number; cachedTokens: number };
}

export interface FakeLlmServerOptions extends BrainOptions {
  /** Cached prompt tokens to report per successful request (default 0). */
  cachedTokens?: number;
  /** How the server counts tokens (default: characters / 4); a real tokenizer for quota tests. */
  countTokens?: (text: string) => number;
  /** Wait this long before answering a successful request (calls really in flight together). */
  latencyMs?: number;
  /** Enforce a provider's request and token limits (OpenAI fake): 429 on a violation. */
  quota?: FakeQuotaOptions;
}

interface QueuedFault { fault: Fault; remaining: number; model?: string | undefined }

/** Fault queue, request log and token accounting shared by the OpenAI and Anthropic fakes. */
export class FakeLlmState {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: QueuedFault[] = [];
  readonly hanging = new Set<http.ServerResponse>();
  readonly quota: FakeQuota | undefined;

  constructor(readonly options: FakeLlmServerOptions) {
    this.quota = options.quota ? new FakeQuota(options.quota) : undefined;
  }

  count(text: string): number {
    return this.options.countTokens ? this.options.countTokens(text) : Math.ceil(text.length / 4);
  }

  /** The next `times` requests (for `model` only, when given) get this fault. */
  inject(fault: Fault, times = 1, model?: string): void {
    this.faults.push({ fault, remaining: times, model });
  }

  /** Takes the fault that applies to a request for `model`, if any. */
  takeFault(model: string): Fault | undefined {
    const queued = this.faults.find((f) => f.remaining > 0 && (!f.model || f.model === model));
    if (!queued) return undefined;
    queued.remaining -= 1;
    return queued.fault;
  }

  /** Successful answer for a prompt: text plus the usage this server will report. */
  answer(prompt: string) {
    const { task, text, items } = answerFromPrompt(prompt, this.options);
    const inputTokens = this.count(prompt);
    const usage = {
      inputTokens,
      outputTokens: this.count(text),
      cachedTokens: Math.min(this.options.cachedTokens ?? 0, inputTokens),
    };
    return { task, text, items, usage };
  }

  totals() {
    return this.requests.reduce(
      (acc, r) => ({
        inputTokens: acc.inputTokens + r.usage.inputTokens,
        outputTokens: acc.outputTokens + r.usage.outputTokens,
        cachedTokens: acc.cachedTokens + r.usage.cachedTokens,
      }),
      { inputTokens: 0, outputTokens: 0, cachedTokens: 0 },
    );
  }
}

export interface FakeLlmServer {
  /** Base URL to configure as the provider's base_url. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  inject(fault: Fault, times?: number, model?: string): void;
  /** Sum of the usage this server reported. */
  totals(): RecordedRequest['usage'];
  /** The enforced quota (when `quota` was given): violations and per-window figures. */
  quota?: FakeQuota | undefined;
  close(): Promise<void>;
}

export function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts a node:http server on 127.0.0.1 (random port) and tears hanging responses down on close. */
export async function listen(
  state: FakeLlmState,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
  pathPrefix: string,
): Promise<FakeLlmServer> {
  const server = http.createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err) } });
      else res.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${pathPrefix}`,
    requests: state.requests,
    inject: (fault, times, model) => state.inject(fault, times, model),
    totals: () => state.totals(),
    quota: state.quota,
    close: async () => {
      for (const res of state.hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type ChatMessage = { role: string; content: string | Array<{ type: string; text?: string }> };

function messageText(m: ChatMessage): string {
  return typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('');
}

/** Starts the fake; `url` ends in /v1 like OpenAI's base URL. */
export async function startFakeOpenAI(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const state = new FakeLlmState(options);
  return listen(state, async (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) {
      sendJson(res, 404, { error: { message: `Unknown path ${req.url}`, type: 'invalid_request_error' } });
      return;
    }
    const body = (await readJsonBody(req)) as { model?: string; messages?: ChatMessage[]; stream?: boolean; temperature?: unknown; seed?: unknown };
    const model = body.model ?? 'unknown';
    const prompt = (body.messages ?? []).map(messageText).join('\n');
    const record: RecordedRequest = {
      at: Date.now(), model, task: 'unknown', promptChars: prompt.length, prompt, status: 200, items: 0,
      sampling: { temperature: body.temperature, seed: body.seed },
      usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0 },
    };
    state.requests.push(record);

    const fault = state.takeFault(model);
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === 'hang') {
        state.hanging.add(res);
        res.on('close', () => state.hanging.delete(res));
        return;
      }
      if (fault.kind !== 'garbage') {
        const [status, payload, headers] = openAiError(fault, model);
        record.status = status;
        sendJson(res, status, payload, headers);
        return;
      }
    }

    const refused = state.quota?.admit(state.count(prompt));
    if (refused) {
      record.fault = 'quota';
      record.status = 429;
      sendJson(res, 429, {
        error: { message: `Rate limit reached for ${model} on tokens per min (TPM) or requests per min (RPM). Please try again in ${refused['retry-after-ms']}ms.`, type: 'tokens', param: null, code: 'rate_limit_exceeded' },
      }, refused);
      return;
    }
    if (state.options.latencyMs) await new Promise((r) => setTimeout(r, state.options.latencyMs));
    const answer = state.answer(prompt);
    const text = fault?.kind === 'garbage'
      ? 'I am sorry, but I cannot help with that request <|endoftext|> }{ ]]'
      : answer.text;
    record.task = answer.task;
    if (fault?.kind !== 'garbage') record.items = answer.items;
    record.usage = { ...answer.usage, outputTokens: state.count(text) };
    state.quota?.charge(record.usage.outputTokens);
    const usage = {
      prompt_tokens: record.usage.inputTokens,
      completion_tokens: record.usage.outputTokens,
      total_tokens: record.usage.inputTokens + record.usage.outputTokens,
      prompt_tokens_details: { cached_tokens: record.usage.cachedTokens, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null, extra: object = {}) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }, null));
      for (let i = 0; i < text.length; i += 200) res.write(chunk({ content: text.slice(i, i + 200) }, null));
      res.write(chunk({}, 'stop'));
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    sendJson(res, 200, {
      id, object: 'chat.completion', created, model, system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage,
    }, { 'x-request-id': `req_${randomUUID()}` });
  }, '/v1');
}

function openAiError(fault: Exclude<Fault, { kind: 'hang' | 'garbage' }>, model: string): [number, unknown, Record<string, string>] {
  switch (fault.kind) {
    case 'rate-limit':
      return [429, {
        error: {
          message: `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${fault.retryAfterSeconds}s.`,
          type: 'requests', param: null, code: 'rate_limit_exceeded',
        },
      }, { 'retry-after': String(fault.retryAfterSeconds), 'x-ratelimit-limit-requests': '3', 'x-ratelimit-remaining-requests': '0' }];
    case 'server-error':
      return [fault.status ?? 500, {
        error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
      }, {}];
    case 'context-length':
      return [400, {
        error: {
          message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
          type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded',
        },
      }, {}];
    case 'unauthorized':
      return [401, {
        error: { message: 'Incorrect API key provided: sk-fake. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
      }, {}];
  }
}
