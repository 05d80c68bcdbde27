// A tokenizer from its written-down form (protocol/tokenizerSpec.ts; `Tokenizer.spec()` writes
// it), for saved runs and exported models.
import type { TokenizerSpec } from '../protocol/tokenizerSpec';
import { bpeFromMerges } from './bpe';
import { charTokenizerFromAlphabet } from './charTokenizer';
import type { Tokenizer } from './tokenizer';

/**
 * The tokenizer a spec describes; it encodes and decodes as the one that wrote the spec.
 * @throws RangeError for a corrupt spec: a merge naming an id not made yet, too many merges, or
 *   an alphabet entry that is not one code point or appears twice.
 */
export function tokenizerFromSpec(spec: TokenizerSpec): Tokenizer {
  if (spec.kind === 'bpe') return bpeFromMerges(spec.merges);
  const seen = new Set<string>();
  for (const c of spec.chars) {
    if ([...c].length !== 1 || seen.has(c)) throw new RangeError(`the alphabet entry ${JSON.stringify(c)} is not one new character`);
    seen.add(c);
  }
  return charTokenizerFromAlphabet(spec.chars);
}
