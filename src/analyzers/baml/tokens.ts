import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';

/**
 * Token counts before a call, for the budget reservation, the shared quotas, batch sizing and
 * estimates. OpenAI models are counted with their real BPE encoding (gpt-tokenizer, maintained
 * port of tiktoken). Other families (Claude, Llama, Mistral...) do not publish an offline
 * tokenizer, so their count is an APPROXIMATION: the o200k count scaled up by 15%, chosen to err
 * towards reserving too much rather than too little (not calibrated against those providers);
 * the result says `exact: false` so callers and reports can say so. The provider's reported
 * tokens are recorded next to the estimate after every call.
 */

export type Encoding = 'o200k_base' | 'cl100k_base' | 'approximate';

/** o200k: gpt-4o, gpt-4.1, gpt-5, o-series; cl100k: gpt-4 and gpt-3.5 (turbo). */
export function encodingFor(model: string): Encoding {
  const name = (model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model).toLowerCase();
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|gpt-oss)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(name)) return 'cl100k_base';
  return 'approximate';
}

/** Scale for models without a public tokenizer (see the file comment). */
const APPROXIMATION_FACTOR = 1.15;

export interface TokenCount {
  tokens: number;
  /** False when the model's own tokenizer is not available and the count is approximated. */
  exact: boolean;
  encoding: Encoding;
}

export function countTextTokens(model: string, text: string): TokenCount {
  const encoding = encodingFor(model);
  if (encoding === 'o200k_base') return { tokens: countO200k(text), exact: true, encoding };
  if (encoding === 'cl100k_base') return { tokens: countCl100k(text), exact: true, encoding };
  return { tokens: Math.ceil(countO200k(text) * APPROXIMATION_FACTOR), exact: false, encoding };
}

/** Chat framing OpenAI adds per message (role, separators) and per reply, as documented in its cookbook. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

type Part = string | { type?: string; text?: string };
interface ChatBody {
  system?: string | Part[];
  messages?: Array<{ role?: string; content?: string | Part[] }>;
  max_tokens?: number;
  max_completion_tokens?: number;
}

const partsText = (c: string | Part[] | undefined): string =>
  typeof c === 'string' ? c : (c ?? []).map((p) => (typeof p === 'string' ? p : p.text ?? '')).join('');

/**
 * Prompt tokens of a rendered BAML request body (OpenAI chat-completions and Anthropic messages
 * shapes): message texts plus the per-message framing.
 */
export function promptTokensOfBody(model: string, body: unknown): TokenCount & { maxOutputTokens?: number } {
  const b = (body ?? {}) as ChatBody;
  const texts = [partsText(b.system), ...(b.messages ?? []).map((m) => partsText(m.content))].filter((t) => t.length > 0);
  const joined = countTextTokens(model, texts.join('\n'));
  const tokens = joined.tokens + texts.length * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY;
  const maxOutputTokens = b.max_completion_tokens ?? b.max_tokens;
  return { ...joined, tokens, ...(maxOutputTokens ? { maxOutputTokens } : {}) };
}
