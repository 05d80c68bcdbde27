// Byte-level BPE tokenizer, trained in the browser (pure TS, runs in the worker). Follows GPT-2's
// byte-level BPE: ids 0–255 are the raw UTF-8 bytes, so any text encodes without unknowns; text is
// first split into chunks by GPT-2's pattern so merges never cross a word boundary; each merge
// joins the most frequent adjacent pair into a new id (256, 257, …).

import { PairCounts } from './bpeHeap';
import type { Tokenizer } from './tokenizer';
import { describeBytes } from './tokenText';
import { BPE_VOCAB_RANGE } from '../protocol/limits';
import { inRange, rangeMessage } from '../protocol/range';

/** A byte-level BPE tokenizer; satisfies the app's `Tokenizer` with kind 'bpe'. */
export interface BpeTokenizer extends Tokenizer {
  readonly kind: 'bpe';
  /** 256 + merges.length: may be below the size asked for if training stopped early. */
  readonly vocabSize: number;
  /** Merge i joins the pair into id 256 + i; lower index = higher priority when encoding. */
  readonly merges: readonly (readonly [number, number])[];
  /** Ids for the text; `skipped` is always empty (bytes cover every string). */
  encode(text: string): { ids: number[]; skipped: string[] };
  /** Encodes a whole corpus into a compact array. */
  encodeCorpus(text: string): Int32Array;
  /** Token bytes concatenated and read as UTF-8; invalid sequences become U+FFFD. */
  decode(ids: readonly number[]): string;
  /** The bytes of one token. */
  tokenBytes(id: number): Uint8Array;
  /** Token text for display: "␣the", "↵"; bytes that are not whole UTF-8 shown as <e2 80>. */
  describeToken(id: number): string;
}

/** Narrows a tokenizer by its kind: bpeFromMerges is the one maker of kind 'bpe'. */
export const isBpeTokenizer = (tokenizer: Tokenizer): tokenizer is BpeTokenizer => tokenizer.kind === 'bpe';

// GPT-2's pre-tokenizer pattern (encoder.py), written with Unicode property escapes.
const CHUNK_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Longest chunk, in code points. GPT-2's pattern leaves a run without spaces whole (DNA, base64,
 * hex, CJK paragraphs), and encoding a chunk costs its length × the merges it uses (1 MB of DNA:
 * 1.7 s whole, 0.45 s cut). 256 is far above any word (Moby Dick's longest chunk is 21), so prose
 * splits as before; in a long run only tokens that would straddle a cut are lost.
 */
export const MAX_CHUNK_CODE_POINTS = 256;

// Pieces of a too-long chunk: with the u flag, [\s\S] is one code point (a lone surrogate too).
const PIECE = new RegExp(`[\\s\\S]{1,${MAX_CHUNK_CODE_POINTS}}`, 'gu');

/**
 * Splits text into GPT-2 chunks, runs over MAX_CHUNK_CODE_POINTS cut into pieces of that many
 * code points; every character matches some branch, so the chunks join back to the text.
 */
export function pretokenize(text: string): string[] {
  const chunks = text.match(CHUNK_PATTERN) ?? [];
  // A chunk no longer than the cap in UTF-16 units is within it in code points too.
  if (!chunks.some((c) => c.length > MAX_CHUNK_CODE_POINTS)) return chunks;
  return chunks.flatMap((c) => (c.length > MAX_CHUNK_CODE_POINTS ? c.match(PIECE)! : c));
}

const MAX_VOCAB = BPE_VOCAB_RANGE.max;
// A pair (a, b) as one number; ids stay below 2^13, so keys stay below 2^26.
const PAIR_BITS = 2 ** 13;
const pairKey = (a: number, b: number): number => a * PAIR_BITS + b;
type Progress = (mergesDone: number, mergesTotal: number) => void;

/**
 * Learns merges from text until vocabSize ids exist or no pair occurs twice.
 * Ties go to the smallest pair (a, b), so the same text and size always give the same merges,
 * and a larger size extends a smaller one's merges.
 * @param vocabSize 256 (bytes only) to 8192.
 * @param onProgress called about every 1% of merges and once at the end.
 */
export function trainBpe(text: string, vocabSize: number, onProgress?: Progress): BpeTokenizer {
  if (!inRange(BPE_VOCAB_RANGE, vocabSize)) {
    throw new RangeError(rangeMessage(BPE_VOCAB_RANGE, vocabSize));
  }
  const chunkCounts = new Map<string, number>();
  for (const chunk of pretokenize(text)) chunkCounts.set(chunk, (chunkCounts.get(chunk) ?? 0) + 1);
  return bpeFromMerges(learnMerges(chunkCounts, vocabSize - 256, onProgress));
}

/**
 * The merges for unique chunks and their counts. Incremental, as in Sennrich et al.'s and Hugging
 * Face's trainers: a merge visits only the places its pair occurs and updates the pairs around
 * them, so the cost follows what changes, not the length of the longest word.
 */
function learnMerges(chunkCounts: ReadonlyMap<string, number>, mergesTotal: number, onProgress?: Progress): [number, number][] {
  const utf8 = new TextEncoder();
  const words = [...chunkCounts.keys()].map((chunk) => utf8.encode(chunk));
  const freqs = [...chunkCounts.values()];
  const n = words.reduce((sum, word) => sum + word.length, 0);
  // Every unique word end to end, each a doubly linked list of symbols (nodes are its bytes);
  // a merge keeps the left node and unlinks the right one.
  const sym = new Int32Array(n); // symbol id; -1 once unlinked
  const prev = new Int32Array(n); // -1 at a word's start
  const next = new Int32Array(n); // -1 at a word's end
  const freq = new Int32Array(n); // how often the node's word occurs
  let at = 0;
  words.forEach((bytes, w) => {
    for (let i = 0; i < bytes.length; i++, at++) {
      sym[at] = bytes[i];
      freq[at] = freqs[w];
      prev[at] = i === 0 ? -1 : at - 1;
      next[at] = i === bytes.length - 1 ? -1 : at + 1;
    }
  });

  const pairs = new PairCounts();
  // Pair key → nodes where that pair began. Never pruned: an entry is checked when used. A node's
  // pair only ever moves to higher ids, so it is listed under a key at most once.
  const where = new Map<number, number[]>();
  /** Counts (sign +1) or uncounts (−1) the pair that starts at node i, if any. */
  const tally = (i: number, sign: 1 | -1): void => {
    if (i < 0 || next[i] < 0) return;
    const key = pairKey(sym[i], sym[next[i]]);
    pairs.add(key, sign * freq[i]);
    if (sign < 0) return;
    const list = where.get(key);
    if (list === undefined) where.set(key, [i]);
    else list.push(i);
  };
  for (let i = 0; i < n; i++) tally(i, 1);
  pairs.flush();

  const merges: [number, number][] = [];
  const progressEvery = Math.max(1, Math.ceil(mergesTotal / 100));
  while (merges.length < mergesTotal) {
    const best = pairs.popBest(2); // a pair seen once is not worth a token: stop
    if (best < 0) break;
    const a = Math.floor(best / PAIR_BITS);
    const b = best - a * PAIR_BITS;
    const id = 256 + merges.length;
    merges.push([a, b]);
    // Only (a, a) can overlap ("aaaa"): then go in node order, left to right, as encoding does.
    const nodes = where.get(best) ?? [];
    if (a === b) nodes.sort((x, y) => x - y);
    where.delete(best);
    for (const i of nodes) {
      const j = next[i];
      if (sym[i] !== a || j < 0 || sym[j] !== b) continue; // changed since listed
      const p = prev[i];
      const k = next[j];
      tally(p, -1);
      tally(i, -1);
      tally(j, -1);
      sym[i] = id;
      sym[j] = -1;
      next[i] = k;
      if (k >= 0) prev[k] = i;
      tally(p, 1);
      tally(i, 1);
    }
    pairs.flush();
    if (onProgress && merges.length % progressEvery === 0) onProgress(merges.length, mergesTotal);
  }
  if (onProgress && merges.length % progressEvery !== 0) onProgress(merges.length, mergesTotal);
  return merges;
}

/** Rebuilds a tokenizer from merges saved by `trainBpe` (merge i makes id 256 + i). */
export function bpeFromMerges(merges: readonly (readonly [number, number])[]): BpeTokenizer {
  const vocabSize = 256 + merges.length;
  if (vocabSize > MAX_VOCAB) throw new RangeError(`at most ${MAX_VOCAB - 256} merges, got ${merges.length}`);
  const bytes: Uint8Array[] = [];
  for (let i = 0; i < 256; i++) bytes.push(Uint8Array.of(i));
  const ranks = new Map<number, number>();
  merges.forEach(([a, b], rank) => {
    const id = 256 + rank;
    if (!(a < id && b < id && a >= 0 && b >= 0)) throw new RangeError(`merge ${rank} (${a}, ${b}) uses an id not yet made`);
    const joined = new Uint8Array(bytes[a].length + bytes[b].length);
    joined.set(bytes[a]);
    joined.set(bytes[b], bytes[a].length);
    bytes.push(joined);
    ranks.set(pairKey(a, b), rank);
  });

  const utf8 = new TextEncoder();
  // ignoreBOM keeps a leading U+FEFF as text instead of eating it as a byte-order mark.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const cache = new Map<string, Int32Array>();
  const encodeChunk = (chunk: string): Int32Array => {
    let ids = cache.get(chunk);
    if (ids !== undefined) return ids;
    ids = applyMerges(utf8.encode(chunk), ranks);
    if (cache.size >= 200_000) cache.clear(); // bound memory on endless streams of new words
    cache.set(chunk, ids);
    return ids;
  };
  const tokenBytes = (id: number): Uint8Array => {
    const b = bytes[id];
    if (b === undefined) throw new RangeError(`token id ${id} is outside the vocabulary (0–${vocabSize - 1})`);
    return b;
  };

  return {
    kind: 'bpe',
    spec: () => ({ kind: 'bpe', merges: merges.map(([a, b]) => [a, b] as [number, number]) }),
    vocabSize,
    merges,
    encode(text) {
      const ids: number[] = [];
      for (const chunk of pretokenize(text)) for (const id of encodeChunk(chunk)) ids.push(id);
      return { ids, skipped: [] };
    },
    encodeCorpus(text) {
      let out = new Int32Array(Math.max(16, text.length >> 1));
      let n = 0;
      for (const chunk of pretokenize(text)) {
        const ids = encodeChunk(chunk);
        if (n + ids.length > out.length) {
          const grown = new Int32Array(Math.max(out.length * 2, n + ids.length));
          grown.set(out.subarray(0, n));
          out = grown;
        }
        out.set(ids, n);
        n += ids.length;
      }
      return out.slice(0, n);
    },
    decode(ids) {
      let length = 0;
      for (const id of ids) length += tokenBytes(id).length;
      const joined = new Uint8Array(length);
      let at = 0;
      for (const id of ids) {
        joined.set(bytes[id], at);
        at += bytes[id].length;
      }
      return decoder.decode(joined);
    },
    tokenBytes,
    describeToken: (id) => describeBytes(tokenBytes(id)),
  };
}

const NO_MERGE = 0x7fffffff;

/**
 * Standard BPE encode of one chunk: merge the lowest-ranked pair present, at each place left to
 * right without overlaps, until no adjacent pair is a merge. Each pair's rank is looked up once,
 * when it forms, so a pass is a scan of a typed array.
 */
function applyMerges(bytes: Uint8Array, ranks: ReadonlyMap<number, number>): Int32Array {
  const ids = Int32Array.from(bytes);
  let len = ids.length;
  const rankAt = new Int32Array(len); // rank of the merge of ids[i] and ids[i + 1]
  const look = (i: number): number => (i + 1 < len ? (ranks.get(pairKey(ids[i], ids[i + 1])) ?? NO_MERGE) : NO_MERGE);
  for (let i = 0; i < len; i++) rankAt[i] = look(i);
  for (;;) {
    let best = NO_MERGE;
    for (let i = 0; i + 1 < len; i++) if (rankAt[i] < best) best = rankAt[i];
    if (best === NO_MERGE) break;
    const id = 256 + best;
    let o = 0;
    for (let i = 0; i < len; i++, o++) {
      rankAt[o] = rankAt[i]; // still right unless a neighbour is the new id (fixed below)
      if (rankAt[i] === best) {
        ids[o] = id;
        i++;
      } else ids[o] = ids[i];
    }
    len = o;
    // Pairs with the new id rank after it (their parts are older), so ranks rise pass by pass.
    for (let i = 0; i < len; i++) {
      if (ids[i] !== id) continue;
      rankAt[i] = look(i);
      if (i > 0) rankAt[i - 1] = look(i - 1);
    }
  }
  return ids.slice(0, len);
}
