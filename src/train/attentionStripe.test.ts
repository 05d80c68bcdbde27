// The attention view's promise on the few-shot lab's copy task: once a tiny GPT has learned to
// copy from one repeat back (the in-context phase change), its attention maps show it as a stripe
// below the diagonal. On a line of period 3 ("\nhd%hd%…") the token after i is the one after
// i − 3, that is token i − 2: a head that reads it there is the copy. Trained as in
// fewShotLearns.test.ts (copyTaskFixture.ts: same shape, seed and schedule).
// Measured (CPU backend, 2 shared cores): 200 steps in 40–80 s; before training every head gives
// offset 2 about 0.10 of a row, after it both layer-1 heads give it 0.99 (offsets 1 and 3: < 0.01).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { copyTaskModel } from './copyTaskFixture';
import type { buildCharTokenizer } from '../data/charTokenizer';
import { attentionIndex } from '../protocol/attention';
import { attentionMaps } from '../model/attentionMaps';
import type { GPT } from '../model/gpt';

const LINE = '\nhd%hd%hd%hd%hd%hd%hd';
const PERIOD = 3;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Mean attention each head gives to `offset` tokens back, over the rows that have such a token: [layer][head]. */
async function stripe(model: GPT, tokenizer: ReturnType<typeof buildCharTokenizer>, offset: number): Promise<number[][]> {
  const maps = await attentionMaps(model, tokenizer, LINE);
  const T = maps.tokens.length;
  return Array.from({ length: maps.nLayer }, (_, l) =>
    Array.from({ length: maps.nHead }, (_, h) => {
      let sum = 0;
      for (let i = 1 + offset; i < T; i++) sum += maps.probs[attentionIndex(maps, l, h, i, i - offset)]; // from the first repeat on
      return sum / (T - 1 - offset);
    }),
  );
}

it('shows the learned copy as a stripe one repeat back: some head puts most of each row on token i − 2', async () => {
  const { model, tokenizer, train, dispose } = copyTaskModel();
  const before = await stripe(model, tokenizer, PERIOD - 1);
  train();
  const after = await stripe(model, tokenizer, PERIOD - 1);
  const [oneBack, twoRepeatsOff] = [await stripe(model, tokenizer, 1), await stripe(model, tokenizer, PERIOD)];
  expect(Math.max(...before.flat())).toBeLessThan(0.3); // untrained: spread over the row
  const best = Math.max(...after.flat());
  expect(best, JSON.stringify(after)).toBeGreaterThan(0.5);
  // A stripe, not a smear: the same head gives its neighbours little.
  const [l, h] = [after.findIndex((r) => r.includes(best)), after.find((r) => r.includes(best))!.indexOf(best)];
  expect(oneBack[l][h] + twoRepeatsOff[l][h]).toBeLessThan(0.2);
  dispose();
}, 180_000);
