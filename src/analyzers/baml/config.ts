import { z } from 'zod';
import { PricingTable } from './pricing.js';

/**
 * Options of the `baml` analyzer, and `BamlEnv`, which builds them from LLM_* environment
 * variables (the config module passes its environment; nothing here reads process.env).
 */

export const PROVIDER_KINDS = ['openai', 'anthropic', 'openai-generic'] as const;
export const ProviderKind = z.enum(PROVIDER_KINDS);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const ProviderConfig = z.object({
  kind: ProviderKind,
  /** OpenAI-compatible endpoints (Ollama, vLLM, LM Studio, gateways) and test servers. */
  baseUrl: z.url().optional(),
  apiKey: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Anthropic requires max_tokens on every request. */
  maxTokens: z.number().int().positive().default(8192),
}).superRefine((p, ctx) => {
  if (p.kind === 'openai-generic' && !p.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'an openai-generic provider needs a base URL' });
  if (p.kind !== 'openai-generic' && !p.apiKey) ctx.addIssue({ code: 'custom', path: ['apiKey'], message: `the ${p.kind} provider needs an API key` });
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

/** A model on one of the configured providers (by the provider's key in `providers`). */
export const ModelRef = z.object({ provider: z.string().min(1), model: z.string().min(1) });
export type ModelRef = z.infer<typeof ModelRef>;

/** Provider limits per window (a minute by default); a missing one is not enforced. */
export const QuotaLimits = z.object({
  rpm: z.number().int().positive().optional(),
  /** Input plus output tokens. */
  tpm: z.number().int().positive().optional(),
  inputTpm: z.number().int().positive().optional(),
  outputTpm: z.number().int().positive().optional(),
});
export type QuotaLimits = z.infer<typeof QuotaLimits>;

export const QuotaOptions = z.object({
  /** Limits of every model without its own entry. */
  default: QuotaLimits.default({}),
  /** Per model name (or "provider:model"). */
  models: z.record(z.string().min(1), QuotaLimits).default({}),
  /** The quota window: a minute, shorter only to speed tests up. */
  windowMs: z.number().int().positive().default(60_000),
  /** Waits up to this in the worker; a longer wait makes the step a delayed job (no attempt used). */
  maxWaitMs: z.number().int().nonnegative().default(10_000),
  keyPrefix: z.string().min(1).default('iflow:llm-quota'),
});
export type QuotaOptions = z.infer<typeof QuotaOptions>;

export const LLM_STEPS = ['evidence', 'insights', 'personas', 'answers'] as const;
export type LlmStep = (typeof LLM_STEPS)[number];

export const BamlAnalyzerOptions = z.object({
  providers: z.record(z.string().min(1), ProviderConfig),
  /**
   * The model per step: a cheap one for evidence, a stronger one for insights, ... `synthesis`
   * (the study-level calls of the synthesize job) is the insights model when not given.
   */
  models: z.object({ evidence: ModelRef, insights: ModelRef, personas: ModelRef, answers: ModelRef, synthesis: ModelRef.optional() }),
  /** Tried in order when the step's model fails (any error, 429 included). */
  fallback: z.array(ModelRef).default([]),
  /**
   * Retries inside one call (BAML retry policy, exponential from 500 ms). Default 0: the queue
   * retries 5xx/timeouts with backoff, and 429 goes back to the queue with its Retry-After.
   */
  retry: z.object({ maxRetries: z.number().int().min(0).max(3).default(0) }).default({ maxRetries: 0 }),
  /** Merged over DEFAULT_PRICING (USD per 1M tokens). */
  pricing: PricingTable.default({}),
  /** Per HTTP request to the provider. */
  timeoutMs: z.number().int().positive().default(120_000),
  /** Per interview; a call that would go over it is refused with a PermanentError. */
  budgetUsd: z.number().positive().optional(),
  /** Per project (all its interviews and syntheses), and per account; same rule. */
  projectBudgetUsd: z.number().positive().optional(),
  accountBudgetUsd: z.number().positive().optional(),
  /**
   * A reservation not settled within this time no longer counts (its worker crashed). Default:
   * timeoutMs x (maxRetries + 1) x (fallbacks + 1) + 60 s, longer than any call can take.
   */
  reservationTtlMs: z.number().int().positive().optional(),
  /** Delay before retrying a call that fits the budget only once calls in flight settle. */
  budgetRetryMs: z.number().int().positive().default(2000),
  estimates: z.object({
    /**
     * Expected output tokens per input token, for the reservation and quota before a call
     * (settled with the reported tokens after it). Compare a step's `estimatedOutputTokens`
     * with its reported `outputTokens` (usage details) to tune it for your models.
     */
    outputRatio: z.number().positive().max(10).default(0.35),
    /**
     * The same for the shared quota, where guessing low is what causes 429s: a provider takes
     * output tokens as they are generated, before our settle can correct the estimate, so calls
     * admitted meanwhile could overdraw it. Output shorter than the prompt is the rule for the
     * analysis functions, so 1.0 rarely over-reserves by much, and the excess is given back on
     * settle. Capped at the request's max tokens when it has one.
     */
    quotaOutputRatio: z.number().positive().max(10).default(1),
  }).default({ outputRatio: 0.35, quotaOutputRatio: 1 }),
  batching: z.object({
    /**
     * Transcript tokens per evidence call (the model's tokenizer), lowered further when the
     * model's context could not hold that plus the rest of the prompt and the expected output.
     */
    maxTokens: z.number().int().min(250).default(6000),
    /** Utterances repeated at the start of the next batch so nothing is cut in half. */
    overlapUtterances: z.number().int().min(0).max(20).default(2),
  }).default({ maxTokens: 6000, overlapUtterances: 2 }),
  /** Context window of every model, overriding the table in context.ts (local models). */
  contextTokens: z.number().int().positive().optional(),
  /** Shared provider quotas (Redis); enforced only when a limit is set and the runtime passes Redis. */
  quotas: QuotaOptions.default({ default: {}, models: {}, windowMs: 60_000, maxWaitMs: 10_000, keyPrefix: 'iflow:llm-quota' }),
  /**
   * Sampling, sent with every request: temperature 0 and a fixed seed so names and groupings do
   * not drift between runs of the same input. null sends none (models that only accept their
   * default temperature, such as OpenAI's reasoning models). The seed goes to OpenAI-style
   * providers only (Anthropic's API has no seed).
   */
  sampling: z.object({
    temperature: z.number().min(0).max(2).nullable().default(0),
    seed: z.number().int().nullable().default(0),
  }).default({ temperature: 0, seed: 0 }),
  /** Study-level synthesis (map-reduce over batches, see synthesis/). */
  synthesis: z.object({
    /**
     * Most prompt tokens of one synthesis call; lowered further so prompt plus expected output
     * fit the model's context. Smaller means more map calls and a reduce.
     */
    maxPromptTokens: z.number().int().min(1000).default(16_000),
    /** Synthesis calls in flight at once (the shared quota still applies). */
    concurrency: z.number().int().min(1).max(32).default(4),
  }).default({ maxPromptTokens: 16_000, concurrency: 4 }),
  /** BAML runtime log level (it logs whole prompts at info). */
  logLevel: z.enum(['off', 'error', 'warn', 'info', 'debug']).default('error'),
}).superRefine((o, ctx) => {
  const refs: Array<[string[], ModelRef]> = [
    ...LLM_STEPS.map((s): [string[], ModelRef] => [['models', s], o.models[s]]),
    ...(o.models.synthesis ? [[['models', 'synthesis'], o.models.synthesis] as [string[], ModelRef]] : []),
    ...o.fallback.map((m, i): [string[], ModelRef] => [['fallback', String(i)], m]),
  ];
  for (const [path, ref] of refs) {
    if (!o.providers[ref.provider]) ctx.addIssue({ code: 'custom', path, message: `unknown provider "${ref.provider}"` });
  }
});
export type BamlAnalyzerOptions = z.infer<typeof BamlAnalyzerOptions>;
export type BamlAnalyzerOptionsInput = z.input<typeof BamlAnalyzerOptions>;

// ---- environment ----

const optionalString = z.string().trim().min(1).optional();
const positiveNumber = (name: string) => z.coerce.number({ message: `${name} must be a number` }).positive(`${name} must be > 0`).optional();

const positiveInt = (name: string) => z.coerce.number({ message: `${name} must be a number` }).int(`${name} must be a whole number`).positive(`${name} must be > 0`).optional();

const KIND_PREFIX = /^(openai|anthropic|openai-generic):(.+)$/;

/**
 * The LLM_* variables. Parsing checks what `ANALYZER=baml` needs and names exactly what is
 * missing; the output is BamlAnalyzerOptions.
 *
 * - LLM_PROVIDER: openai | anthropic | openai-generic (Ollama, vLLM, LM Studio, gateways)
 * - LLM_BASE_URL: base URL (required for openai-generic, e.g. http://localhost:11434/v1)
 * - LLM_API_KEY: API key (required for openai and anthropic; falls back to OPENAI_API_KEY / ANTHROPIC_API_KEY)
 * - LLM_MODEL: default model for every step; LLM_MODEL_EVIDENCE / _INSIGHTS / _PERSONAS / _ANSWERS override per step;
 *   LLM_MODEL_SYNTHESIS: the study-level synthesis calls (default: the insights model)
 * - LLM_FALLBACK_MODELS: comma-separated, tried in order; "model" uses LLM_PROVIDER,
 *   "anthropic:claude-haiku-4-5" / "openai:gpt-4o-mini" use that provider (key from ANTHROPIC_API_KEY / OPENAI_API_KEY)
 * - LLM_MAX_RETRIES (0-3, default 0), LLM_TIMEOUT_MS (default 120000), LLM_MAX_TOKENS (default 8192)
 * - LLM_PRICING_JSON: {"model": {"input": 0.15, "output": 0.6, "cachedInput": 0.075}} USD per 1M tokens
 * - LLM_BUDGET_USD: per-interview budget; LLM_PROJECT_BUDGET_USD, LLM_ACCOUNT_BUDGET_USD: per project / account
 * - LLM_QUOTA_RPM, LLM_QUOTA_TPM, LLM_QUOTA_INPUT_TPM, LLM_QUOTA_OUTPUT_TPM: provider limits per minute for
 *   every model; LLM_QUOTAS_JSON: {"gpt-4o-mini": {"rpm": 500, "tpm": 200000}} per model;
 *   LLM_QUOTA_WINDOW_MS (default 60000), LLM_QUOTA_MAX_WAIT_MS (default 10000)
 * - LLM_OUTPUT_TOKENS_RATIO: expected output tokens per input token before a call (default 0.35);
 *   LLM_QUOTA_OUTPUT_TOKENS_RATIO: the same when reserving quota (default 1)
 * - LLM_EVIDENCE_BATCH_TOKENS (default 6000), LLM_EVIDENCE_BATCH_OVERLAP (utterances, default 2)
 * - LLM_CONTEXT_TOKENS: context window of the models (default: the table in context.ts, 8192 if unknown)
 * - LLM_LOG_LEVEL: off | error | warn | info | debug (default error)
 * - LLM_TEMPERATURE (default 0; "default" sends none), LLM_SEED (default 0; "none" sends none; OpenAI-style only)
 * - LLM_SYNTHESIS_BATCH_TOKENS: most prompt tokens per synthesis call (default 16000);
 *   LLM_SYNTHESIS_CONCURRENCY: synthesis calls in flight (default 4)
 */
export const BamlEnv = z.object({
  LLM_PROVIDER: z.enum(PROVIDER_KINDS, { message: `LLM_PROVIDER is required for ANALYZER=baml: one of ${PROVIDER_KINDS.join(', ')}` }),
  LLM_BASE_URL: z.url({ message: 'LLM_BASE_URL must be a URL, e.g. http://localhost:11434/v1' }).optional(),
  LLM_API_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  LLM_MODEL: z.string({ message: 'LLM_MODEL is required for ANALYZER=baml (e.g. gpt-4o-mini, claude-haiku-4-5, llama3.1:8b)' }).trim().min(1, 'LLM_MODEL must not be empty'),
  LLM_MODEL_EVIDENCE: optionalString,
  LLM_MODEL_INSIGHTS: optionalString,
  LLM_MODEL_PERSONAS: optionalString,
  LLM_MODEL_ANSWERS: optionalString,
  LLM_MODEL_SYNTHESIS: optionalString,
  LLM_FALLBACK_MODELS: optionalString,
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(3, 'LLM_MAX_RETRIES must be 0-3').optional(),
  LLM_TIMEOUT_MS: positiveNumber('LLM_TIMEOUT_MS'),
  LLM_MAX_TOKENS: positiveNumber('LLM_MAX_TOKENS'),
  LLM_PRICING_JSON: optionalString,
  LLM_BUDGET_USD: positiveNumber('LLM_BUDGET_USD'),
  LLM_PROJECT_BUDGET_USD: positiveNumber('LLM_PROJECT_BUDGET_USD'),
  LLM_ACCOUNT_BUDGET_USD: positiveNumber('LLM_ACCOUNT_BUDGET_USD'),
  LLM_OUTPUT_TOKENS_RATIO: positiveNumber('LLM_OUTPUT_TOKENS_RATIO'),
  LLM_QUOTA_OUTPUT_TOKENS_RATIO: positiveNumber('LLM_QUOTA_OUTPUT_TOKENS_RATIO'),
  LLM_QUOTA_RPM: positiveInt('LLM_QUOTA_RPM'),
  LLM_QUOTA_TPM: positiveInt('LLM_QUOTA_TPM'),
  LLM_QUOTA_INPUT_TPM: positiveInt('LLM_QUOTA_INPUT_TPM'),
  LLM_QUOTA_OUTPUT_TPM: positiveInt('LLM_QUOTA_OUTPUT_TPM'),
  LLM_QUOTAS_JSON: optionalString,
  LLM_QUOTA_WINDOW_MS: positiveInt('LLM_QUOTA_WINDOW_MS'),
  LLM_QUOTA_MAX_WAIT_MS: z.coerce.number({ message: 'LLM_QUOTA_MAX_WAIT_MS must be a number' }).int().nonnegative('LLM_QUOTA_MAX_WAIT_MS must be >= 0').optional(),
  LLM_EVIDENCE_BATCH_TOKENS: z.coerce.number().int().min(250, 'LLM_EVIDENCE_BATCH_TOKENS must be >= 250').optional(),
  LLM_CONTEXT_TOKENS: positiveInt('LLM_CONTEXT_TOKENS'),
  LLM_EVIDENCE_BATCH_OVERLAP: z.coerce.number().int().min(0).max(20, 'LLM_EVIDENCE_BATCH_OVERLAP must be 0-20').optional(),
  LLM_LOG_LEVEL: z.enum(['off', 'error', 'warn', 'info', 'debug']).optional(),
  LLM_TEMPERATURE: z.string().trim()
    .refine((v) => v === 'default' || (/^\d*\.?\d+$/.test(v) && Number(v) <= 2), 'LLM_TEMPERATURE must be 0-2 (or "default" to send none)')
    .transform((v) => (v === 'default' ? 'default' as const : Number(v))).optional(),
  LLM_SEED: z.string().trim()
    .refine((v) => v === 'none' || /^-?\d+$/.test(v), 'LLM_SEED must be a whole number (or "none" to send none)')
    .transform((v) => (v === 'none' ? 'none' as const : Number(v))).optional(),
  LLM_SYNTHESIS_BATCH_TOKENS: z.coerce.number().int().min(1000, 'LLM_SYNTHESIS_BATCH_TOKENS must be >= 1000').optional(),
  LLM_SYNTHESIS_CONCURRENCY: z.coerce.number().int().min(1).max(32, 'LLM_SYNTHESIS_CONCURRENCY must be 1-32').optional(),
}).transform((e, ctx): BamlAnalyzerOptionsInput => {
  const keyFor = (kind: ProviderKind) => kind === 'anthropic' ? e.ANTHROPIC_API_KEY : kind === 'openai' ? e.OPENAI_API_KEY : undefined;
  const maxTokens = e.LLM_MAX_TOKENS === undefined ? undefined : Math.floor(e.LLM_MAX_TOKENS);
  const primaryKey = e.LLM_API_KEY ?? keyFor(e.LLM_PROVIDER);
  if (e.LLM_PROVIDER !== 'openai-generic' && !primaryKey) {
    const alt = e.LLM_PROVIDER === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    ctx.addIssue({ code: 'custom', path: ['LLM_API_KEY'], message: `LLM_API_KEY (or ${alt}) is required for LLM_PROVIDER=${e.LLM_PROVIDER}` });
  }
  if (e.LLM_PROVIDER === 'openai-generic' && !e.LLM_BASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['LLM_BASE_URL'], message: 'LLM_BASE_URL is required for LLM_PROVIDER=openai-generic (e.g. http://localhost:11434/v1 for Ollama)' });
  }
  const providers: Record<string, z.input<typeof ProviderConfig>> = {
    primary: { kind: e.LLM_PROVIDER, baseUrl: e.LLM_BASE_URL, apiKey: primaryKey ?? (e.LLM_PROVIDER === 'openai-generic' ? undefined : 'missing'), maxTokens },
  };
  const fallback: ModelRef[] = [];
  for (const entry of (e.LLM_FALLBACK_MODELS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = KIND_PREFIX.exec(entry);
    if (!m) { fallback.push({ provider: 'primary', model: entry }); continue; }
    const kind = m[1] as ProviderKind;
    if (kind === e.LLM_PROVIDER) { fallback.push({ provider: 'primary', model: m[2]! }); continue; }
    const apiKey = keyFor(kind);
    if (kind === 'openai-generic' && !e.LLM_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['LLM_FALLBACK_MODELS'], message: `"${entry}" needs LLM_BASE_URL` });
    } else if (kind !== 'openai-generic' && !apiKey) {
      ctx.addIssue({ code: 'custom', path: ['LLM_FALLBACK_MODELS'], message: `"${entry}" needs ${kind === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY'}` });
    }
    providers[kind] = { kind, apiKey: apiKey ?? (kind === 'openai-generic' ? undefined : 'missing'), baseUrl: kind === 'openai-generic' ? e.LLM_BASE_URL : undefined, maxTokens };
    fallback.push({ provider: kind, model: m[2]! });
  }
  let pricing: unknown = {};
  if (e.LLM_PRICING_JSON) {
    try {
      pricing = JSON.parse(e.LLM_PRICING_JSON);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['LLM_PRICING_JSON'], message: 'LLM_PRICING_JSON is not valid JSON' });
    }
    const parsed = PricingTable.safeParse(pricing);
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['LLM_PRICING_JSON'], message: 'LLM_PRICING_JSON must map model names to {"input": USD/1M, "output": USD/1M, "cachedInput"?: USD/1M}' });
    else pricing = parsed.data;
  }
  let quotaModels: unknown = {};
  if (e.LLM_QUOTAS_JSON) {
    let raw: unknown;
    try { raw = JSON.parse(e.LLM_QUOTAS_JSON); } catch { raw = undefined; }
    const parsed = z.record(z.string().min(1), QuotaLimits).safeParse(raw);
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['LLM_QUOTAS_JSON'], message: 'LLM_QUOTAS_JSON must map model names to {"rpm"?, "tpm"?, "inputTpm"?, "outputTpm"?} (whole numbers per minute)' });
    else quotaModels = parsed.data;
  }
  const model = (override: string | undefined): ModelRef => ({ provider: 'primary', model: override ?? e.LLM_MODEL });
  return {
    providers,
    models: {
      evidence: model(e.LLM_MODEL_EVIDENCE),
      insights: model(e.LLM_MODEL_INSIGHTS),
      personas: model(e.LLM_MODEL_PERSONAS),
      answers: model(e.LLM_MODEL_ANSWERS),
      synthesis: model(e.LLM_MODEL_SYNTHESIS ?? e.LLM_MODEL_INSIGHTS),
    },
    fallback,
    retry: { maxRetries: e.LLM_MAX_RETRIES ?? 0 },
    pricing: pricing as PricingTable,
    timeoutMs: e.LLM_TIMEOUT_MS === undefined ? undefined : Math.floor(e.LLM_TIMEOUT_MS),
    budgetUsd: e.LLM_BUDGET_USD,
    projectBudgetUsd: e.LLM_PROJECT_BUDGET_USD,
    accountBudgetUsd: e.LLM_ACCOUNT_BUDGET_USD,
    estimates: { outputRatio: e.LLM_OUTPUT_TOKENS_RATIO ?? 0.35, quotaOutputRatio: e.LLM_QUOTA_OUTPUT_TOKENS_RATIO ?? 1 },
    quotas: {
      default: { rpm: e.LLM_QUOTA_RPM, tpm: e.LLM_QUOTA_TPM, inputTpm: e.LLM_QUOTA_INPUT_TPM, outputTpm: e.LLM_QUOTA_OUTPUT_TPM },
      models: quotaModels as Record<string, QuotaLimits>,
      windowMs: e.LLM_QUOTA_WINDOW_MS ?? 60_000,
      maxWaitMs: e.LLM_QUOTA_MAX_WAIT_MS ?? 10_000,
      keyPrefix: 'iflow:llm-quota',
    },
    batching: { maxTokens: e.LLM_EVIDENCE_BATCH_TOKENS ?? 6000, overlapUtterances: e.LLM_EVIDENCE_BATCH_OVERLAP ?? 2 },
    contextTokens: e.LLM_CONTEXT_TOKENS,
    sampling: {
      temperature: e.LLM_TEMPERATURE === 'default' ? null : (e.LLM_TEMPERATURE ?? 0),
      seed: e.LLM_SEED === 'none' ? null : (e.LLM_SEED ?? 0),
    },
    synthesis: { maxPromptTokens: e.LLM_SYNTHESIS_BATCH_TOKENS ?? 16_000, concurrency: e.LLM_SYNTHESIS_CONCURRENCY ?? 4 },
    logLevel: e.LLM_LOG_LEVEL,
  };
}).pipe(BamlAnalyzerOptions);

export class BamlConfigError extends Error {
  override name = 'BamlConfigError';
}

/** Parses the environment into analyzer options; the error lists every missing or bad variable. */
export function bamlOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): BamlAnalyzerOptions {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const res = BamlEnv.safeParse(cleaned);
  if (res.success) return res.data;
  const msgs = res.error.issues.map((i) => i.message);
  throw new BamlConfigError(`ANALYZER=baml is not configured: ${[...new Set(msgs)].join('; ')}`);
}
