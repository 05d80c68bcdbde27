// Text → everything training needs from it: tokenizer, token stream, train/val split, and the
// facts the corpus panel shows.
import { buildCharTokenizer, type CharTokenizer } from './charTokenizer';
import { countChars, normaliseText } from './corpus';
import { splitTokens, type Split } from './dataset';

export interface PreparedCorpus {
  name: string;
  tokenizer: CharTokenizer;
  split: Split;
  characters: number;
}

export function prepareCorpus(name: string, rawText: string): PreparedCorpus {
  const text = normaliseText(rawText);
  const tokenizer = buildCharTokenizer(text);
  return { name, tokenizer, split: splitTokens(tokenizer.encodeCorpus(text)), characters: countChars(text) };
}
