// Built-in synthetic corpora for the few-shot lab: three tasks for in-context learning. Every
// line is one episode with its own hidden rule (a separator, a table of pairs, a letter shift)
// that only the line's own examples reveal, so what the model predicts after k examples measures
// learning from the prompt, and k = 0 is chance. Copy is learned by a tiny GPT in ~100 steps;
// recall and shift need content-matched lookups, which form far later (numbers at each task).
// Follows the spirit of Olsson et al. 2022 (induction heads: copy after a repeated token) and
// Chan et al. 2022 (in-context learning appears when each sequence carries its own mapping).
// Lines start after a '\n' in the corpus, so an evaluation prompt starts with '\n' too.
// The task list the page shows (SYNTHETIC_TASKS) is plain data in protocol/fewShot.ts;
// synthetic.test.ts checks it (chance, maxK, example, context) against these generators.
import type { Rng } from './rng';
import { syntheticTask, type SyntheticTaskId } from '../protocol/fewShot';

/** An evaluation item: the prompt (k demonstrations, then the query) and the scored answer. */
export interface FewShotItem {
  k: number;
  /** Starts with '\n', as a line does in the corpus. */
  prompt: string;
  /** The exact continuation scored (all of it must be right). */
  answer: string;
}

/** Most examples an evaluation item has (every task's maxK); training lines hold every k up to it. */
const MAX_K = 8;

const pick = (rng: Rng, chars: string): string => chars[rng.int(chars.length)];
const word = (rng: Rng, chars: string, length: number): string => Array.from({ length }, () => pick(rng, chars)).join('');

/** n distinct indices of 0..size−1, in random order (a partial Fisher–Yates shuffle). */
function distinctIndices(rng: Rng, size: number, n: number): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(size - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, n);
}

/** n distinct characters of `chars`, in random order. */
const distinct = (rng: Rng, chars: string, n: number): string[] => distinctIndices(rng, chars.length, n).map((i) => chars[i]);

// ---- copy: one word said again and again, each time followed by the line's separator ----
// The line is periodic (period COPY_WORD + 1), so the word can be copied from one period back,
// while the separator is known only once the line has shown it: with no example the model can at
// best copy the word and guess the separator. Why this shape: a tiny model learns a fixed-offset
// copy in ~100 steps, but content-matched lookups slowly. Lines of different words ("qz#qz
// kp#kp") did not learn within 1,500 steps of the CPU-sized model; this one learns in 50–150
// (fewShotLearns.test.ts). Lines say the word up to maxK + 4 times, so the word after the
// (k + 1)-th separator, which an item's answer ends with, is never where a line tends to end.
const COPY_LETTERS = 'abcdefghij';
const COPY_SEPARATORS = '#$%&*@';
const COPY_WORD = 2;

const COPY_MAX_TIMES = MAX_K + 4;

function copyLine(rng: Rng): string {
  const said = word(rng, COPY_LETTERS, COPY_WORD) + pick(rng, COPY_SEPARATORS);
  return said.repeat(1 + rng.int(COPY_MAX_TIMES)); // the j-th separator follows j − 1 examples
}

function copyItem(k: number, rng: Rng): FewShotItem {
  const w = word(rng, COPY_LETTERS, COPY_WORD);
  const sep = pick(rng, COPY_SEPARATORS);
  return { k, prompt: `\n${`${w}${sep}`.repeat(k)}${w}`, answer: `${sep}${w}` };
}

// ---- recall: a list of key–value pairs, then every key asked again in a new order ----
// Each answer is a lookup (find the key earlier in the line, read what followed it: an induction
// head's job); asking every key, not one, gives the model many lookups per line to learn from.
// Measured (2 layers, 2 heads, context 32, WASM backend): still at chance after 6,000 steps at
// width 32 (batch 16, lr 1e-2) and 1,750 at width 64; after 3,000 without spaces, and 3,000 with
// half the lines copy lines; asking only 1–3 keys, after 750 at width 64. Induction heads need
// far more tokens than these runs saw (their phase change comes late).
const RECALL_KEYS = 'abcdefghijklmnop';
const RECALL_VALUES = '0123456789';

function recallLine(rng: Rng): string {
  const n = rng.int(MAX_K + 1); // 0..8 pairs
  if (n === 0) return `?${pick(rng, RECALL_KEYS)}${pick(rng, RECALL_VALUES)}`; // nothing to recall: a guess
  const keys = distinct(rng, RECALL_KEYS, n);
  const values = keys.map(() => pick(rng, RECALL_VALUES));
  const pairs = keys.map((key, i) => `${key}${values[i]}`).join(' ');
  return `${pairs} ${distinctIndices(rng, n, n)
    .map((i) => `?${keys[i]}${values[i]}`)
    .join(' ')}`;
}

function recallItem(k: number, rng: Rng): FewShotItem {
  if (k === 0) return { k, prompt: `\n?${pick(rng, RECALL_KEYS)}`, answer: pick(rng, RECALL_VALUES) };
  const keys = distinct(rng, RECALL_KEYS, k);
  const values = keys.map(() => pick(rng, RECALL_VALUES));
  const q = rng.int(k);
  const pairs = keys.map((key, i) => `${key}${values[i]}`).join(' ');
  return { k, prompt: `\n${pairs} ?${keys[q]}`, answer: values[q] };
}

// ---- shift: a Caesar shift per line; the query letter is never one of the examples ----
// Measured (2 layers, 2 heads, WASM backend): still at chance after 6,000 steps at width 32
// (batch 16, lr 1e-2) and 1,000 at width 64; also with 5 letters (3,000 steps) and with the
// examples in alphabetical order (1,500 steps).
const SHIFT_LETTERS = 'abcdefghij';

const shifted = (c: string, s: number): string => SHIFT_LETTERS[(SHIFT_LETTERS.indexOf(c) + s) % SHIFT_LETTERS.length];

function shiftLine(rng: Rng): string {
  const s = rng.int(SHIFT_LETTERS.length); // 0..9 (0 is the identity: still a rule to learn)
  const n = 1 + rng.int(MAX_K + 1); // 1..9 pairs, distinct letters: each query is new
  return distinct(rng, SHIFT_LETTERS, n)
    .map((c) => `${c}>${shifted(c, s)}`)
    .join(' ');
}

function shiftItem(k: number, rng: Rng): FewShotItem {
  const s = rng.int(SHIFT_LETTERS.length);
  const [query, ...others] = distinct(rng, SHIFT_LETTERS, k + 1);
  const demos = others.map((c) => `${c}>${shifted(c, s)} `).join('');
  return { k, prompt: `\n${demos}${query}>`, answer: shifted(query, s) };
}

// ---- the list ----
interface TaskCode {
  line(rng: Rng): string;
  item(k: number, rng: Rng): FewShotItem;
  /** Every character its text uses. */
  chars: string;
}

const CODE: Record<SyntheticTaskId, TaskCode> = {
  copy: { line: copyLine, item: copyItem, chars: `${COPY_LETTERS}${COPY_SEPARATORS}\n` },
  recall: { line: recallLine, item: recallItem, chars: `${RECALL_KEYS}${RECALL_VALUES}? \n` },
  shift: { line: shiftLine, item: shiftItem, chars: `${SHIFT_LETTERS}> \n` },
};

/** Every character the task's text uses, in code-point order (the char tokenizer's alphabet). */
export function syntheticAlphabet(id: SyntheticTaskId): string[] {
  return [...CODE[id].chars].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/**
 * A training corpus of exactly `chars` characters (the last line may be cut): one episode per
 * line, with every number of demonstrations 0..maxK before some query, so the model meets every
 * k. Same rng state, same text.
 */
export function syntheticCorpus(id: SyntheticTaskId, chars: number, rng: Rng): string {
  const lines: string[] = [];
  let length = 0;
  while (length < chars) {
    const line = CODE[id].line(rng);
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n').concat('\n').slice(0, chars);
}

/**
 * A fresh evaluation item with k demonstrations (0 ≤ k ≤ maxK), drawn from `rng` alone: pass an
 * rng that is not the corpus's. Recall and shift items are then text the model never trained on;
 * copy has only 600 word–separator pairs, whose text recurs in any corpus, but each line draws its
 * separator apart from its word, so no training text tells an item's separator.
 * @throws Error for a k outside 0..maxK.
 */
export function fewShotItem(id: SyntheticTaskId, k: number, rng: Rng): FewShotItem {
  const { maxK } = syntheticTask(id);
  if (!Number.isInteger(k) || k < 0 || k > maxK) throw new Error(`k must be a whole number in 0..${maxK}, got ${k}.`);
  return CODE[id].item(k, rng);
}
