// The few-shot lab's measurements: accuracy against the number of examples in the prompt (with a
// 95% Wilson interval and the task's chance level), and the probability a model gives each of a
// person's candidate answers. Both score by teacher forcing: one forward pass over prompt + answer
// reads every answer position at once (the way GPT-3's evaluation scores completions, Brown et
// al. 2020), batched at a fixed shape [batchSize, blockSize] so WebGPU's buffer pool stays put.
import * as tf from '@tensorflow/tfjs';
import { forward, type GPT } from '../model/gpt';
import { yieldToEventLoop } from '../model/yieldToEventLoop';
import { listChars } from '../data/charNames';
import { skippedNotice } from '../model/completion';
import { normaliseText } from '../data/corpus';
import type { Rng } from '../data/rng';
import { fewShotItem } from '../data/synthetic';
import { syntheticTask, type SyntheticTaskId } from '../protocol/fewShot';
import { PASS_ROWS } from '../protocol/resources';
import type { Tokenizer } from '../data/tokenizer';
import { echo } from '../protocol/echo';

/** z for a two-sided 95% interval: the 97.5th percentile of the standard normal. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion (Wilson 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22:209–212). Unlike p ± z·√(p(1−p)/n) it stays in
 * [0, 1] and is not zero-width at 0 or n successes.
 * @param successes correct answers, 0..n.
 * @param n trials (> 0).
 * @returns the interval's bounds as fractions.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // at 0 and n successes the bounds are exactly 0 and 1; elsewhere float error is all there is to clamp
  return {
    low: successes <= 0 ? 0 : Math.max(0, centre - half),
    high: successes >= n ? 1 : Math.min(1, centre + half),
  };
}

/** One prompt and the answer scored after it, as token ids. */
export interface AnswerRow {
  prompt: number[];
  answer: number[];
}

export interface AnswerScore {
  /** Greedy decoding would write the whole answer: argmax = answer token at every position. */
  exact: boolean;
  /** ln P(answer | prompt): the sum of the answer tokens' log-probabilities (nats). */
  logProb: number;
  /** The prompt was longer than the context and lost tokens on its left. */
  cropped: boolean;
}

/**
 * Teacher-forced scores of rows, batchSize rows per forward pass at the fixed shape
 * [batchSize, blockSize] (missing rows and positions padded with token 0: causality keeps the
 * padding after a row's tokens out of its predictions). Prompts that do not fit are cropped from
 * the left so the whole answer fits. One awaited read per batch; no tensor outlives a batch.
 * Prompt and answer are tokenized apart (with BPE a joint encoding could merge across the seam;
 * with characters the two are the same).
 * @throws Error for an empty prompt or answer, or an answer longer than the context.
 */
export async function scoreAnswers(
  model: GPT,
  rows: readonly AnswerRow[],
  batchSize: number,
  onBatch?: (done: number) => void,
): Promise<AnswerScore[]> {
  const { blockSize: T, vocabSize: V } = model.config;
  const scores: AnswerScore[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const x = new Int32Array(batchSize * T);
    const y = new Int32Array(batchSize * T);
    const fitted = batch.map((row, b) => {
      if (row.prompt.length === 0 || row.answer.length === 0) throw new Error('Both the prompt and the answer need at least one token.');
      if (row.answer.length > T) throw new Error(`An answer of ${row.answer.length} tokens cannot fit in a context of ${T}.`);
      const keep = T - row.answer.length + 1; // inputs are prompt + answer without its last token
      const prompt = row.prompt.length > keep ? row.prompt.slice(-keep) : row.prompt;
      const seq = [...prompt, ...row.answer];
      x.set(seq.slice(0, -1), b * T);
      y.set(seq.slice(1), b * T); // next-token targets
      return { first: prompt.length - 1, length: row.answer.length, cropped: prompt !== row.prompt };
    });
    const both = tf.tidy(() => {
      const logits = forward(model, tf.tensor2d(x, [batchSize, T], 'int32')); // [B, T, V]
      const oneHot = tf.oneHot(tf.tensor2d(y, [batchSize, T], 'int32'), V); // [B, T, V]
      const targetLogProb = tf.sum(tf.mul(tf.logSoftmax(logits, -1), oneHot), -1); // [B, T]
      const argmax = tf.cast(tf.argMax(logits, -1), 'float32'); // [B, T]; ids < 2^24 are exact
      return tf.stack([argmax, targetLogProb]); // [2, B, T]
    });
    let values: Float32Array;
    try {
      values = (await both.data()) as Float32Array; // the sync point: one read per batch
    } finally {
      both.dispose();
    }
    const plane = batchSize * T;
    fitted.forEach(({ first, length, cropped }, b) => {
      let exact = true;
      let logProb = 0;
      for (let j = 0; j < length; j++) {
        const at = b * T + first + j; // the position whose next token is answer[j]
        if (values[at] !== y[at]) exact = false;
        logProb += values[plane + at];
      }
      scores.push({ exact, logProb, cropped });
    });
    onBatch?.(scores.length);
    await yieldToEventLoop(); // on CPU/WASM nothing else runs otherwise: let Pause and Stop in
  }
  return scores;
}

/** Ids of a task's text, which must be wholly in the vocabulary. */
function encodeTaskText(tokenizer: Tokenizer, text: string): number[] {
  const { ids, skipped } = tokenizer.encode(text);
  if (skipped.length > 0) {
    throw new Error(
      `The task's text has ${listChars(skipped)}, which this model's vocabulary lacks: train it on the task's own corpus first.`,
    );
  }
  return ids;
}

export interface FewShotOptions {
  /** Numbers of demonstrations to measure, e.g. [0, 1, 2, 4, 8]. */
  ks: readonly number[];
  /** Fresh items per k. */
  items: number;
  /** Rows per forward pass (fixed shape [batchSize, blockSize]); 50 unless set. */
  batchSize?: number;
  /** Items scored so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

/** Accuracy at one k, with its 95% Wilson interval (fractions). */
export interface FewShotPoint {
  k: number;
  correct: number;
  total: number;
  accuracy: number;
  low: number;
  high: number;
  /** Items whose prompt was longer than the context and was cropped from the left. */
  cropped: number;
}

export interface FewShotResult {
  task: SyntheticTaskId;
  /** Accuracy without the examples: the level the curve starts from. */
  chance: number;
  points: FewShotPoint[];
  /** What a person should know about the numbers (cropped prompts). */
  notices: string[];
}

/**
 * The few-shot curve of a model on a synthetic task: for each k, `items` fresh items (drawn from
 * `rng`, never from the training text), each correct iff greedy decoding would write its whole
 * answer (the argmax equals the answer token at every answer position, read in one teacher-forced
 * pass). Items are drawn k by k in the order given, so a seed fixes them all.
 * @throws Error when the task's characters are not in the tokenizer's vocabulary.
 */
export async function evaluateFewShot(
  model: GPT,
  tokenizer: Tokenizer,
  task: SyntheticTaskId,
  opts: FewShotOptions,
  rng: Rng,
): Promise<FewShotResult> {
  const { chance } = syntheticTask(task);
  const rows: AnswerRow[] = [];
  for (const k of opts.ks) {
    for (let i = 0; i < opts.items; i++) {
      const item = fewShotItem(task, k, rng);
      rows.push({ prompt: encodeTaskText(tokenizer, item.prompt), answer: encodeTaskText(tokenizer, item.answer) });
    }
  }
  const scores = await scoreAnswers(model, rows, opts.batchSize ?? 50, (done) => opts.onProgress?.(done, rows.length));
  const points = opts.ks.map((k, n) => {
    const mine = scores.slice(n * opts.items, (n + 1) * opts.items);
    const correct = mine.filter((s) => s.exact).length;
    const total = mine.length;
    const cropped = mine.filter((s) => s.cropped).length;
    return { k, correct, total, accuracy: total > 0 ? correct / total : 0, ...wilsonInterval(correct, total), cropped };
  });
  const notices = points
    .filter((p) => p.cropped > 0)
    .map(
      (p) =>
        `At k = ${p.k}, ${p.cropped} of ${p.total} prompts were longer than the context (${model.config.blockSize} tokens) and lost their first tokens.`,
    );
  return { task, chance, points, notices };
}

/** How likely the model finds one candidate answer after the prompt. */
export interface CandidateScore {
  candidate: string;
  /** P(candidate | prompt): the product of its tokens' probabilities; 0 if it cannot be written. */
  probability: number;
  /** probability / the sum over all candidates (0 when every candidate has probability 0). */
  normalised: number;
}

export interface CandidateResult {
  scores: CandidateScore[];
  notices: string[];
}

/** Rows per forward pass for candidates: a person compares a handful. */
const CANDIDATE_BATCH = PASS_ROWS;

/**
 * For a person's own few-shot prompt: the probability the model gives each candidate answer
 * (the product of its token probabilities given the prompt, from one teacher-forced pass), and
 * the same normalised over the candidates. Prompt and candidates are normalised (NFC, LF) as
 * completions are; prompt characters outside the vocabulary are skipped and named, a candidate
 * with such a character cannot be written by the model and gets probability 0. An empty prompt
 * starts after a newline, as a completion does.
 */
export async function candidateProbabilities(
  model: GPT,
  tokenizer: Tokenizer,
  prompt: string,
  candidates: readonly string[],
): Promise<CandidateResult> {
  const notices: string[] = [];
  const context = tokenizer.encode(normaliseText(prompt));
  if (context.skipped.length > 0) notices.push(skippedNotice(context.skipped));
  const promptIds = context.ids.length > 0 ? context.ids : tokenizer.encode('\n').ids;
  const answers = candidates.map((c, i) => {
    const text = normaliseText(c);
    if (text.length === 0) throw new Error(`Candidate ${i + 1} is empty: give each candidate at least one character.`);
    const encoded = tokenizer.encode(text);
    if (encoded.skipped.length > 0)
      notices.push(`"${echo(c)}" has ${listChars(encoded.skipped)}, which the model cannot write: probability 0.`);
    return encoded;
  });
  const writable = answers
    .map((a, i) => ({ i, row: { prompt: promptIds, answer: a.ids } }))
    .filter(({ i }) => answers[i].skipped.length === 0);
  const scored = await scoreAnswers(
    model,
    writable.map((w) => w.row),
    CANDIDATE_BATCH,
  );
  if (scored.some((s) => s.cropped))
    notices.push(`The prompt is longer than the context (${model.config.blockSize} tokens); only its end was used.`);
  const logProbs = candidates.map(() => -Infinity);
  writable.forEach(({ i }, n) => (logProbs[i] = scored[n].logProb));
  // normalise in log space: tiny products (long candidates) would underflow to 0 / 0
  const max = Math.max(...logProbs);
  const total = Number.isFinite(max) ? logProbs.reduce((sum, l) => sum + Math.exp(l - max), 0) : 0;
  const scores = candidates.map((candidate, i) => ({
    candidate,
    probability: Math.min(1, Math.exp(logProbs[i])), // float rounding can put log p a hair above 0
    normalised: total > 0 ? Math.exp(logProbs[i] - max) / total : 0,
  }));
  return { scores, notices };
}
