// A tokenizer written down as data, so a saved run or an exported model carries exactly the
// tokenizer it was trained with: the character alphabet (index = id), or the BPE merges (merge i
// makes id 256 + i, GPT-2's byte-level scheme).
import * as v from 'valibot';

const tokenId = v.pipe(v.number(), v.integer(), v.minValue(0));

export const TokenizerSpecSchema = v.variant('kind', [
  v.object({
    kind: v.literal('char'),
    /** One code point each, in id order. */
    chars: v.pipe(v.array(v.string()), v.minLength(1)),
  }),
  v.object({
    kind: v.literal('bpe'),
    /** Pairs of ids, in the order they were learned. */
    merges: v.array(v.tuple([tokenId, tokenId])),
  }),
]);
export type TokenizerSpec = v.InferOutput<typeof TokenizerSpecSchema>;
