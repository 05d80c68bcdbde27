// A person's completions: their prompt continued by the current weights, n times side by side in
// one batched forward pass per token (generate.ts). Encodes the prompt (NFC, characters outside
// the vocabulary skipped and named), crops it to the context, and streams whole characters per
// column until maxNewTokens or until the signal aborts. Pure of any worker or run state, so the
// engine owns the request and training knows nothing of it.
import { countChars, normaliseText } from '../data/corpus';
import { listChars } from '../data/charNames';
import { createRng } from '../data/rng';
import type { Tokenizer } from '../data/tokenizer';
import type { CompletionRequest } from '../protocol/completion';
import { generate } from './generate';
import type { GPT } from './gpt';

/** One generated token step, for all n columns. */
export interface CompletionStep {
  /**
   * One chunk per column [n]: the whole characters this step completed, '' while a column holds
   * back a token that ends inside a UTF-8 character (at most MAX_HELD_TOKENS tokens).
   */
  texts: string[];
  /** New tokens per second over all n columns: n × steps so far / seconds since the first step began. */
  tokensPerSecond: number;
}

export interface Completion {
  /** What had to change about the prompt, in the tokenizer's own units. */
  notices: string[];
  /**
   * One step per generated token, then one more flushing held-back tokens if any column holds
   * some at the end (not after an abort). Generation starts when it is first iterated.
   */
  text: AsyncGenerator<CompletionStep>;
}

/** A BPE token can end inside a UTF-8 character: hold at most this many tokens back. */
const MAX_HELD_TOKENS = 4;

/** "'é' and no-break space (U+00A0) are not in this corpus's alphabet and were skipped." */
export function skippedNotice(skipped: readonly string[]): string {
  const [are, were] = skipped.length === 1 ? ['is', 'was'] : ['are', 'were'];
  return `${listChars(skipped)} ${are} not in this corpus's alphabet and ${were} skipped.`;
}

/** The notices a person reads when the prompt could not be used as typed. */
export function promptNotices(tokenizer: Tokenizer, ids: readonly number[], skipped: readonly string[], blockSize: number): string[] {
  const notices: string[] = [];
  if (skipped.length > 0) notices.push(skippedNotice(skipped));
  if (ids.length > blockSize) {
    const kept = countChars(tokenizer.decode(ids.slice(-blockSize)));
    const unit = tokenizer.kind === 'char' ? `${blockSize} characters` : `${blockSize} tokens (${kept} characters)`;
    notices.push(`The prompt is longer than the model's context; only its last ${unit} are used.`);
  }
  return notices;
}

/**
 * Starts n = request.n completions of one prompt. Encoding happens now (so notices are ready at
 * once); tokens are generated as `text` is iterated, all columns in one forward pass per token at
 * the fixed shape [n, blockSize] (see generate.ts). Column i samples with createRng(seed + i), so
 * column i of a request with seed s is column 0 of the same request with n = 1 and seed s + i.
 * @param signal aborting it ends `text` before the next token.
 */
export function startCompletion(model: GPT, tokenizer: Tokenizer, request: CompletionRequest, signal: AbortSignal): Completion {
  const { ids, skipped } = tokenizer.encode(normaliseText(request.prompt));
  const notices = promptNotices(tokenizer, ids, skipped, model.config.blockSize);
  // An empty prompt starts where a document might, after a newline, as the progress sample does
  // (generate starts from token 0 if the corpus has no newline either).
  const context = ids.length > 0 ? ids : tokenizer.encode('\n').ids;
  const { n, maxNewTokens, temperature, topK, topP, greedy } = request;
  const rngs = Array.from({ length: n }, (_, i) => createRng(request.seed + i));
  async function* text(): AsyncGenerator<CompletionStep> {
    if (signal.aborted) return;
    const held: number[][] = Array.from({ length: n }, () => []);
    const started = performance.now();
    let steps = 0;
    let tokensPerSecond = 0;
    for await (const next of generate(model, context, { maxNewTokens, temperature, topK, topP, greedy }, rngs)) {
      if (signal.aborted) return;
      steps++;
      const seconds = (performance.now() - started) / 1000;
      tokensPerSecond = seconds > 0 ? (n * steps) / seconds : 0;
      const texts = next.map((id, i) => {
        held[i].push(id);
        const decoded = tokenizer.decode(held[i]);
        if (decoded.endsWith('\uFFFD') && held[i].length < MAX_HELD_TOKENS) return '';
        held[i] = [];
        return decoded;
      });
      yield { texts, tokensPerSecond };
      if (signal.aborted) return;
    }
    if (held.some((h) => h.length > 0)) yield { texts: held.map((h) => tokenizer.decode(h)), tokensPerSecond };
  }
  return { notices, text: text() };
}
