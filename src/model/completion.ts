// A person's completion: their prompt continued by the current weights. Encodes the prompt (NFC,
// characters outside the vocabulary skipped and named), crops it to the context, and streams
// whole characters until maxNewTokens or until the signal aborts. Pure of any worker or run
// state, so the engine owns the request and training knows nothing of it.
import { countChars, normaliseText } from '../data/corpus';
import { listChars } from '../data/charNames';
import type { Rng } from '../data/rng';
import type { Tokenizer } from '../data/tokenizer';
import type { CompletionRequest } from '../protocol/completion';
import { generate } from './generate';
import type { GPT } from './gpt';

export interface Completion {
  /** What had to change about the prompt, in the tokenizer's own units. */
  notices: string[];
  /** Whole characters as they are generated. */
  text: AsyncGenerator<string>;
}

/** A BPE token can end inside a UTF-8 character: hold at most this many tokens back. */
const MAX_HELD_TOKENS = 4;

/** The notices a person reads when the prompt could not be used as typed. */
export function promptNotices(tokenizer: Tokenizer, ids: readonly number[], skipped: readonly string[], blockSize: number): string[] {
  const notices: string[] = [];
  if (skipped.length > 0) {
    const are = skipped.length === 1 ? 'is' : 'are';
    const were = skipped.length === 1 ? 'was' : 'were';
    notices.push(`${listChars(skipped)} ${are} not in this corpus's alphabet and ${were} skipped.`);
  }
  if (ids.length > blockSize) {
    const kept = countChars(tokenizer.decode(ids.slice(-blockSize)));
    const unit = tokenizer.kind === 'char' ? `${blockSize} characters` : `${blockSize} tokens (${kept} characters)`;
    notices.push(`The prompt is longer than the model's context; only its last ${unit} are used.`);
  }
  return notices;
}

/**
 * Starts a completion. Encoding happens now (so notices are ready at once); tokens are generated
 * as `text` is iterated, at the fixed forward shape [1, blockSize] (see generate.ts).
 * @param rng the request's own generator: same seed, prompt, settings and weights → same text.
 * @param signal aborting it ends `text` before the next token.
 */
export function startCompletion(model: GPT, tokenizer: Tokenizer, request: CompletionRequest, rng: Rng, signal: AbortSignal): Completion {
  const { ids, skipped } = tokenizer.encode(normaliseText(request.prompt));
  const notices = promptNotices(tokenizer, ids, skipped, model.config.blockSize);
  // An empty prompt starts where a document might, after a newline, as the progress sample does.
  const context = ids.length > 0 ? ids : tokenizer.encode('\n').ids;
  const opts = { maxNewTokens: request.maxNewTokens, temperature: request.temperature, topK: request.topK };
  async function* text(): AsyncGenerator<string> {
    let held: number[] = [];
    for await (const id of generate(model, context, opts, rng)) {
      if (signal.aborted) return;
      held.push(id);
      const decoded = tokenizer.decode(held);
      if (!decoded.endsWith('\uFFFD') || held.length >= MAX_HELD_TOKENS) {
        held = [];
        yield decoded;
      }
      if (signal.aborted) return;
    }
    if (held.length > 0) yield tokenizer.decode(held);
  }
  return { notices, text: text() };
}
