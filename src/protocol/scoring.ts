// A text's score as the page receives it: how surprised the model was by each token of a text
// (the "surprise" colouring, at T = 1: the model's own probabilities) and what it expects next
// (the "next token" bars, softmax(logits / T)); nll = −ln p in nats, as the training loss.
// Computed by model/scoring.ts; declared here once so both ends of the worker parse it deeply.
import * as v from 'valibot';
import { count } from './reports';

/** How many of the most likely next tokens the score lists; the rest is summed into `other`. */
export const NEXT_TOKENS_SHOWN = 10;

const probability = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const nonNegative = v.pipe(v.number(), v.minValue(0));

/**
 * One token of the scored text. The first token has no prefix to predict it from, so it is not
 * scored: `p`, `rank` and `nll` are null for it and only for it.
 */
export const ScoredTokenSchema = v.object({
  id: count,
  /** The token as the page shows it: whitespace visible (␣ ↵ ⇥), stray bytes as <e2 80>. */
  text: v.string(),
  /** Probability the model gave this token after the tokens before it (T = 1). */
  p: v.nullable(probability),
  /** 1 = the model's most likely token here; ties share the better rank. */
  rank: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** −ln p, nats. */
  nll: v.nullable(nonNegative),
});
export type ScoredToken = v.InferOutput<typeof ScoredTokenSchema>;

/** A candidate for the token after the text. */
export const NextTokenSchema = v.object({
  id: count,
  /** Display form, as ScoredToken.text. */
  text: v.string(),
  /** The token's own text, to append to the prompt (a BPE token that ends inside a character decodes to U+FFFD). */
  append: v.string(),
  p: probability,
});
export type NextToken = v.InferOutput<typeof NextTokenSchema>;

export const TextScoreSchema = v.object({
  /** T of the next-token distribution, softmax(logits / T); 1 when asked for 0. Per-token figures are always at T = 1. */
  temperature: v.pipe(v.number(), v.gtValue(0)),
  /** The kept text's tokens in order; the first one is not scored (see ScoredTokenSchema). */
  perToken: v.array(ScoredTokenSchema),
  /** The most likely tokens after the text, most likely first (lower id first on ties). */
  next: v.pipe(v.array(NextTokenSchema), v.maxLength(NEXT_TOKENS_SHOWN)),
  /** Probability of every token not in `next`, so `next` and `other` sum to 1. */
  other: probability,
  /** Mean nll over the scored tokens, nats/token; null when none was scored (under two tokens). */
  meanNll: v.nullable(nonNegative),
  /** Total nll / ln 2 / characters of the scored tokens (the first token's are left out); null as meanNll. */
  bitsPerChar: v.nullable(nonNegative),
  /** e^meanNll: how many tokens the model was torn between, on average; null as meanNll. */
  perplexity: v.nullable(v.pipe(v.number(), v.minValue(1))),
  /** Characters (code points) of the kept text, the unscored first token included. */
  characters: count,
  /** Tokens of the kept text, the unscored first token included (= perToken.length). */
  tokens: count,
  /** Set when the text was longer than the context: only its last `croppedTo` tokens were kept. */
  croppedTo: v.optional(count),
  /** What a person should know: characters not in the corpus's alphabet, skipped and named. */
  notices: v.array(v.string()),
});
export type TextScore = v.InferOutput<typeof TextScoreSchema>;
