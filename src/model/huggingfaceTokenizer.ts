// Our tokenizer as Hugging Face's tokenizer files, so `AutoTokenizer` gives the page's token ids.
// Byte-level BPE follows GPT-2 (openai/gpt-2 encoder.py; transformers' GPT2Tokenizer): each byte
// is written as one printable character (bytes_to_unicode), `vocab.json` maps token strings to ids
// (our id b is byte b, id 256 + i is merge i), `merges.txt` lists the merges by rank after a
// "#version" line, and `tokenizer.json` (the `tokenizers` library's format, version "1.0") holds
// the same vocabulary and merges behind GPT-2's ByteLevel pre-tokenizer and decoder. The character
// tokenizer becomes a `tokenizer.json` whose model is a BPE with no merges over the alphabet, no
// pre-tokenizer and the Fuse decoder: tokenizers' BPE looks each character up and, with no
// unk_token, drops one it does not know, as our character tokenizer skips it.
import { bpeFromMerges } from '../data/bpe';
import type { TokenizerSpec } from '../protocol/tokenizerSpec';

/** GPT-2's bytes_to_unicode: index = byte, value = the printable character that stands for it. */
export function byteToUnicode(): string[] {
  const printable: number[] = [];
  for (const [from, to] of [
    [0x21, 0x7e], // '!'..'~'
    [0xa1, 0xac], // '¡'..'¬'
    [0xae, 0xff], // '®'..'ÿ'
  ])
    for (let b = from; b <= to; b++) printable.push(b);
  const table = new Array<string>(256);
  for (const b of printable) table[b] = String.fromCodePoint(b);
  let shifted = 0;
  for (let b = 0; b < 256; b++) if (table[b] === undefined) table[b] = String.fromCodePoint(256 + shifted++); // space → 'Ġ'
  return table;
}

/**
 * The page normalises every text before tokenizing it (data/corpus.ts normaliseText: line ends to
 * LF, Unicode NFC); tokenizers does the same here. (A leading byte-order mark, which the page also
 * drops, is left.)
 */
const NORMALIZER = {
  type: 'Sequence',
  normalizers: [
    { type: 'Replace', pattern: { String: '\r\n' }, content: '\n' },
    { type: 'Replace', pattern: { String: '\r' }, content: '\n' },
    { type: 'NFC' },
  ],
};

/** The `model` of a tokenizer.json: a BPE that adds nothing to a word and never substitutes an unknown token. */
const bpeModel = (vocab: Record<string, number>, merges: string[]) => ({
  type: 'BPE',
  dropout: null,
  unk_token: null,
  continuing_subword_prefix: null,
  end_of_word_suffix: null,
  fuse_unk: false,
  byte_fallback: false,
  ignore_merges: false,
  vocab,
  merges,
});

const tokenizerJson = (parts: {
  normalizer: object;
  pre_tokenizer: object | null;
  post_processor: object | null;
  decoder: object;
  model: object;
}) => ({
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [],
  ...parts,
});

/** Hugging Face tokenizer files by name, and tokens whose text repeats an earlier token's (see below). */
export interface HuggingFaceTokenizerFiles {
  files: Record<string, string>;
  /**
   * Ids whose bytes equal an earlier id's: possible in BPE (two merge paths to the same bytes),
   * not seen on our texts. A vocabulary maps each text to one id, so Hugging Face reads such a
   * token as the earlier id; the model keeps both rows.
   */
  repeated: number[];
}

const byteLevel = (addPrefixSpace: boolean, trimOffsets: boolean) => ({
  type: 'ByteLevel',
  add_prefix_space: addPrefixSpace,
  trim_offsets: trimOffsets,
  use_regex: true,
});

function bpeFiles(merges: readonly (readonly [number, number])[], blockSize: number): HuggingFaceTokenizerFiles {
  const tokenizer = bpeFromMerges(merges);
  const unicode = byteToUnicode();
  const text = Array.from({ length: tokenizer.vocabSize }, (_, id) => Array.from(tokenizer.tokenBytes(id), (b) => unicode[b]).join(''));
  const vocab: Record<string, number> = {};
  const repeated: number[] = [];
  text.forEach((t, id) => {
    if (Object.hasOwn(vocab, t)) repeated.push(id);
    else vocab[t] = id;
  });
  const mergeLines = merges.map(([a, b]) => `${text[a]} ${text[b]}`); // no token holds a space: it is 'Ġ'
  const json = tokenizerJson({
    normalizer: NORMALIZER,
    pre_tokenizer: byteLevel(false, true),
    post_processor: byteLevel(true, false),
    decoder: byteLevel(true, true),
    model: bpeModel(vocab, mergeLines),
  });
  const config = {
    tokenizer_class: 'GPT2Tokenizer',
    model_max_length: blockSize,
    add_prefix_space: false,
    add_bos_token: false,
    errors: 'replace',
    clean_up_tokenization_spaces: false,
    bos_token: null,
    eos_token: null,
    unk_token: null,
    pad_token: null,
  };
  return {
    files: {
      'vocab.json': JSON.stringify(vocab),
      'merges.txt': `#version: 0.2\n${mergeLines.map((line) => `${line}\n`).join('')}`, // GPT2Tokenizer drops the last line: end with \n
      'tokenizer.json': JSON.stringify(json),
      'tokenizer_config.json': JSON.stringify(config, null, 2),
    },
    repeated,
  };
}

function charFiles(chars: readonly string[], blockSize: number): HuggingFaceTokenizerFiles {
  const vocab = Object.fromEntries(chars.map((c, id) => [c, id]));
  const json = tokenizerJson({
    normalizer: NORMALIZER,
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: bpeModel(vocab, []),
  });
  const config = { tokenizer_class: 'PreTrainedTokenizerFast', model_max_length: blockSize, clean_up_tokenization_spaces: false };
  return {
    files: { 'tokenizer.json': JSON.stringify(json), 'tokenizer_config.json': JSON.stringify(config, null, 2) },
    repeated: [],
  };
}

/**
 * The tokenizer files of a Hugging Face model folder for our tokenizer.
 * @param blockSize the model's context, written as `model_max_length`.
 * @returns file name → text: `tokenizer.json` and `tokenizer_config.json`, and for BPE GPT-2's
 *   `vocab.json` and `merges.txt`.
 */
export function huggingFaceTokenizerFiles(spec: TokenizerSpec, blockSize: number): HuggingFaceTokenizerFiles {
  return spec.kind === 'bpe' ? bpeFiles(spec.merges, blockSize) : charFiles(spec.chars, blockSize);
}
