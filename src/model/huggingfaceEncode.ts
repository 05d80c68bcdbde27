// Hugging Face's two ways of encoding text, re-implemented from their sources so tests can check
// our exported tokenizer files without Python: transformers' GPT2Tokenizer (tokenization_gpt2.py:
// bytes_to_unicode, GPT-2's split pattern, bpe() merging the lowest-ranked pair everywhere, then
// vocab.json) and the `tokenizers` pipeline of a tokenizer.json (normalizer → pre_tokenizer →
// BPE model, models/bpe/word.rs merging the lowest (rank, position) pair one at a time). Only the
// parts a GPT-2 style file uses are here; anything else throws, so an unexpected file fails a test.
// Written apart from huggingfaceTokenizer.ts on purpose: a test of the writer must not share its code.

/** transformers' bytes_to_unicode(), as a map from byte to character. */
function gpt2ByteEncoder(): Map<number, string> {
  const bs: number[] = [];
  for (let b = '!'.charCodeAt(0); b <= '~'.charCodeAt(0); b++) bs.push(b);
  for (let b = '¡'.charCodeAt(0); b <= '¬'.charCodeAt(0); b++) bs.push(b);
  for (let b = '®'.charCodeAt(0); b <= 'ÿ'.charCodeAt(0); b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n += 1;
    }
  }
  return new Map(bs.map((b, i) => [b, String.fromCharCode(cs[i])]));
}

// tokenization_gpt2.py's self.pat (and tokenizers' ByteLevel regex), in JavaScript's syntax.
const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const byteEncoder = gpt2ByteEncoder();
const utf8 = new TextEncoder();
const toByteLevel = (piece: string): string => Array.from(utf8.encode(piece), (b) => byteEncoder.get(b)!).join('');

/**
 * GPT2Tokenizer(vocab_file, merges_file).encode(text) without special tokens.
 * @throws Error when a token it makes is not in vocab.json (the slow tokenizer would yield None).
 */
export function gpt2TokenizerEncode(vocabJson: string, mergesTxt: string, text: string): number[] {
  const encoder = JSON.parse(vocabJson) as Record<string, number>;
  const lines = mergesTxt.split('\n').slice(1, -1); // as GPT2Tokenizer: header first, '' after the final \n
  const ranks = new Map(lines.map((line, rank) => [line.split(/\s+/).join(' '), rank]));
  const cache = new Map<string, string[]>();
  const bpe = (token: string): string[] => {
    const hit = cache.get(token);
    if (hit) return hit;
    let word = Array.from(token);
    while (word.length > 1) {
      let best: string | null = null;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < word.length; i++) {
        const rank = ranks.get(`${word[i]} ${word[i + 1]}`) ?? Infinity;
        if (rank < bestRank) [best, bestRank] = [`${word[i]} ${word[i + 1]}`, rank];
      }
      if (best === null) break;
      const [first, second] = best.split(' ');
      const merged: string[] = [];
      for (let i = 0; i < word.length;) {
        if (word[i] === first && i < word.length - 1 && word[i + 1] === second) {
          merged.push(first + second);
          i += 2;
        } else merged.push(word[i++]);
      }
      word = merged;
    }
    cache.set(token, word);
    return word;
  };
  const ids: number[] = [];
  for (const piece of text.match(GPT2_PATTERN) ?? []) {
    for (const token of bpe(toByteLevel(piece))) {
      const id = encoder[token];
      if (id === undefined) throw new Error(`vocab.json has no token ${JSON.stringify(token)}`);
      ids.push(id);
    }
  }
  return ids;
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function normalize(spec: unknown, text: string): string {
  if (spec === null) return text;
  if (!isObject(spec)) throw new Error('tokenizer.json: normalizer is not an object');
  switch (spec.type) {
    case 'Sequence':
      return (spec.normalizers as unknown[]).reduce<string>((t, n) => normalize(n, t), text);
    case 'NFC':
      return text.normalize('NFC');
    case 'Replace': {
      const pattern = spec.pattern as Json;
      if (typeof pattern.String !== 'string') throw new Error('tokenizer.json: only Replace with a String pattern is read here');
      return text.split(pattern.String).join(String(spec.content));
    }
    default:
      throw new Error(`tokenizer.json: normalizer ${String(spec.type)} is not read here`);
  }
}

function preTokenize(spec: unknown, text: string): string[] {
  if (spec === null) return text === '' ? [] : [text];
  if (!isObject(spec) || spec.type !== 'ByteLevel')
    throw new Error(`tokenizer.json: pre_tokenizer ${JSON.stringify(spec)} is not read here`);
  const withSpace = spec.add_prefix_space === true && !text.startsWith(' ') ? ` ${text}` : text;
  const pieces = spec.use_regex === false ? [withSpace] : (withSpace.match(GPT2_PATTERN) ?? []);
  return pieces.map(toByteLevel);
}

/** tokenizers' BPE model (models/bpe/model.rs, word.rs) for one word, without dropout. */
function bpeWord(model: Json, vocab: Map<string, number>, ranks: Map<string, [number, number]>, word: string): number[] {
  if (model.ignore_merges === true && vocab.has(word)) return [vocab.get(word)!];
  const prefix = typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '';
  const suffix = typeof model.end_of_word_suffix === 'string' ? model.end_of_word_suffix : '';
  if (model.byte_fallback === true || model.unk_token !== null)
    throw new Error('tokenizer.json: byte_fallback and unk_token are not read here');
  const chars = Array.from(word);
  let ids: number[] = [];
  chars.forEach((c, i) => {
    const id = vocab.get(`${i > 0 ? prefix : ''}${c}${i === chars.length - 1 ? suffix : ''}`);
    if (id !== undefined) ids.push(id); // no unk_token: an unknown character is dropped
  });
  for (;;) {
    let best: [number, number, number] | null = null; // [rank, position, new id]
    for (let i = 0; i + 1 < ids.length; i++) {
      const merge = ranks.get(`${ids[i]},${ids[i + 1]}`);
      if (merge && (best === null || merge[0] < best[0])) best = [merge[0], i, merge[1]];
    }
    if (best === null) return ids;
    const [, at, id] = best;
    ids = [...ids.slice(0, at), id, ...ids.slice(at + 2)];
  }
}

/**
 * `tokenizers.Tokenizer.from_str(json).encode(text).ids` for a BPE tokenizer.json.
 * @throws Error for a part of the file this reader does not implement, or a merge outside the vocabulary.
 */
export function tokenizersEncode(tokenizerJson: string, text: string): number[] {
  const json = JSON.parse(tokenizerJson) as Json;
  const model = json.model as Json;
  if (model.type !== 'BPE') throw new Error(`tokenizer.json: model ${String(model.type)} is not read here`);
  if ((json.added_tokens as unknown[]).length > 0) throw new Error('tokenizer.json: added tokens are not read here');
  const vocab = new Map(Object.entries(model.vocab as Record<string, number>));
  const ranks = new Map<string, [number, number]>();
  (model.merges as (string | [string, string])[]).forEach((merge, rank) => {
    const [a, b] = typeof merge === 'string' ? merge.split(' ') : merge;
    const prefix = typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '';
    const joined = `${a}${prefix && b.startsWith(prefix) ? b.slice(prefix.length) : b}`;
    const [idA, idB, id] = [vocab.get(a), vocab.get(b), vocab.get(joined)];
    if (idA === undefined || idB === undefined || id === undefined)
      throw new Error(`tokenizer.json: merge ${rank} (${a} ${b}) is outside the vocabulary`);
    if (!ranks.has(`${idA},${idB}`)) ranks.set(`${idA},${idB}`, [rank, id]);
  });
  const words = preTokenize(json.pre_tokenizer ?? null, normalize(json.normalizer ?? null, text));
  return words.flatMap((w) => bpeWord(model, vocab, ranks, w));
}
