// Byte-level BPE tokenizer, trained in the browser (pure TS, runs in the worker). Follows GPT-2's
// byte-level BPE: ids 0–255 are the raw UTF-8 bytes, so any text encodes without unknowns; text is
// first split into chunks by GPT-2's pattern so merges never cross a word boundary; each merge
// joins the most frequent adjacent pair into a new id (256, 257, …).

import { BPE_VOCAB_RANGE, type Tokenizer } from './tokenizer';

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

// GPT-2's pre-tokenizer pattern (encoder.py), written with Unicode property escapes.
const CHUNK_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Splits text into GPT-2 chunks; every character matches some branch, so they join back to the text. */
export function pretokenize(text: string): string[] {
  return text.match(CHUNK_PATTERN) ?? [];
}

const MAX_VOCAB = BPE_VOCAB_RANGE.max;
// A pair (a, b) as one number; ids stay below 2^13, so keys stay below 2^26.
const PAIR_BITS = 2 ** 13;
const KEY_SPACE = 2 ** 26;
const pairKey = (a: number, b: number): number => a * PAIR_BITS + b;

/**
 * Learns merges from text until vocabSize ids exist or no pair occurs twice.
 * Ties go to the smallest pair (a, b), so the same text and size always give the same merges,
 * and a larger size extends a smaller one's merges.
 * @param vocabSize 256 (bytes only) to 8192.
 * @param onProgress called about every 1% of merges and once at the end.
 */
export function trainBpe(
  text: string,
  vocabSize: number,
  onProgress?: (mergesDone: number, mergesTotal: number) => void,
): BpeTokenizer {
  if (!Number.isInteger(vocabSize) || vocabSize < 256 || vocabSize > MAX_VOCAB) {
    throw new RangeError(`BPE vocabulary size must be an integer from 256 to ${MAX_VOCAB}, got ${vocabSize}`);
  }
  const mergesTotal = vocabSize - 256;

  // Unique chunks with their counts; each word is a mutable array of symbol ids.
  const chunkCounts = new Map<string, number>();
  for (const chunk of pretokenize(text)) chunkCounts.set(chunk, (chunkCounts.get(chunk) ?? 0) + 1);
  const utf8 = new TextEncoder();
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [chunk, count] of chunkCounts) {
    words.push(Array.from(utf8.encode(chunk)));
    freqs.push(count);
  }

  const pairCounts = new Map<number, number>();
  const wordsWithPair = new Map<number, number[]>(); // may hold stale or repeated word indices
  const changed = new Set<number>();
  const addPairs = (w: number, sign: 1 | -1): void => {
    const word = words[w];
    for (let i = 0; i + 1 < word.length; i++) {
      const key = pairKey(word[i], word[i + 1]);
      const count = (pairCounts.get(key) ?? 0) + sign * freqs[w];
      if (count === 0) pairCounts.delete(key);
      else pairCounts.set(key, count);
      changed.add(key);
      if (sign === 1) {
        const list = wordsWithPair.get(key);
        if (list === undefined) wordsWithPair.set(key, [w]);
        else if (list[list.length - 1] !== w) list.push(w);
      }
    }
  };
  for (let w = 0; w < words.length; w++) addPairs(w, 1);

  // Max-heap of count·2^26 + (2^26 − 1 − key): one number orders by count, then smallest pair
  // (exact in a double while counts stay below 2^27, i.e. texts under ~130 MB).
  // Entries go stale when a count changes; a fresh one is pushed and stale ones skipped on pop.
  const heap = new MaxHeap();
  const pushChanged = (): void => {
    for (const key of changed) {
      const count = pairCounts.get(key);
      if (count !== undefined) heap.push(count * KEY_SPACE + (KEY_SPACE - 1 - key));
    }
    changed.clear();
  };
  pushChanged();

  const merges: [number, number][] = [];
  const lastTouched = new Int32Array(words.length).fill(-1);
  const progressEvery = Math.max(1, Math.ceil(mergesTotal / 100));
  while (merges.length < mergesTotal) {
    let best = -1;
    while (heap.size > 0) {
      const top = heap.pop();
      const count = Math.floor(top / KEY_SPACE);
      const key = KEY_SPACE - 1 - (top - count * KEY_SPACE);
      if (pairCounts.get(key) === count) {
        best = count >= 2 ? key : -1;
        break;
      }
    }
    if (best < 0) break; // no pair occurs twice: merging further would only memorise
    const a = Math.floor(best / PAIR_BITS);
    const b = best - a * PAIR_BITS;
    const id = 256 + merges.length;
    merges.push([a, b]);
    for (const w of wordsWithPair.get(best) ?? []) {
      if (lastTouched[w] === id) continue;
      lastTouched[w] = id;
      // Whole-word recount: simple, and right for overlapping runs like "aaa".
      addPairs(w, -1);
      words[w] = mergePair(words[w], a, b, id);
      addPairs(w, 1);
    }
    wordsWithPair.delete(best);
    pushChanged();
    if (onProgress && merges.length % progressEvery === 0) onProgress(merges.length, mergesTotal);
  }
  if (onProgress && merges.length % progressEvery !== 0) onProgress(merges.length, mergesTotal);
  return bpeFromMerges(merges);
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
  const cache = new Map<string, number[]>();
  const encodeChunk = (chunk: string): number[] => {
    let ids = cache.get(chunk);
    if (ids !== undefined) return ids;
    ids = Array.from(utf8.encode(chunk));
    // Standard BPE encode: merge the lowest-ranked pair present until none is a known merge.
    while (ids.length > 1) {
      let bestRank = Infinity;
      for (let i = 0; i + 1 < ids.length; i++) {
        const rank = ranks.get(pairKey(ids[i], ids[i + 1]));
        if (rank !== undefined && rank < bestRank) bestRank = rank;
      }
      if (bestRank === Infinity) break;
      const [a, b] = merges[bestRank];
      ids = mergePair(ids, a, b, 256 + bestRank);
    }
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
        for (const id of ids) out[n++] = id;
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

/** Replaces each non-overlapping (a, b), left to right, with id. */
function mergePair(symbols: readonly number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      out.push(id);
      i++;
    } else out.push(symbols[i]);
  }
  return out;
}

const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whole UTF-8 characters as text (whitespace made visible), stray bytes grouped as <e2 80>. */
function describeBytes(bytes: Uint8Array): string {
  let out = '';
  let stray: string[] = [];
  const flush = (): void => {
    if (stray.length > 0) out += `<${stray.join(' ')}>`;
    stray = [];
  };
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const len = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    let ch: string | null = null;
    if (len > 0 && i + len <= bytes.length) {
      try {
        ch = strictUtf8.decode(bytes.subarray(i, i + len));
      } catch {
        ch = null; // overlong, surrogate or bad continuation byte
      }
    }
    if (ch === null) {
      stray.push(lead.toString(16).padStart(2, '0'));
      i++;
      continue;
    }
    flush();
    const code = ch.codePointAt(0)!;
    out += VISIBLE[ch] ?? (code < 0x20 || code === 0x7f ? `<${code.toString(16).padStart(2, '0')}>` : ch);
    i += len;
  }
  flush();
  return out;
}

/** Binary max-heap of numbers. */
class MaxHeap {
  private items: number[] = [];
  get size(): number { return this.items.length; }
  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent] >= value) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= items.length) break;
        if (child + 1 < items.length && items[child + 1] > items[child]) child++;
        if (items[child] <= last) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
