// The attention view's promise on the few-shot lab's copy task: once a tiny GPT has learned to
// copy from one repeat back (the in-context phase change), its attention maps show it as a stripe
// below the diagonal. On a line of period 3 ("\nhd%hd%…") the token after i is the one after
// i − 3, that is token i − 2: a head that reads it there is the copy. Trained with the project's
// own step and schedule, as fewShotLearns.test.ts (same shape and seed).
// Measured (CPU backend, 2 shared cores): 200 steps in 40–80 s; before training every head gives
// offset 2 about 0.10 of a row, after it both layer-1 heads give it 0.99 (offsets 1 and 3: < 0.01).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { AdamW } from './adamw';
import { learningRate } from './lrSchedule';
import { trainStep } from './trainStep';
import { buildCharTokenizer } from '../data/charTokenizer';
import { randomBatch, splitTokens } from '../data/dataset';
import { createRng } from '../data/rng';
import { syntheticCorpus } from '../data/synthetic';
import { attentionIndex } from '../protocol/attention';
import { OPTIMIZER } from '../protocol/settings';
import { attentionMaps } from '../model/attentionMaps';
import { createGPT, type GPT } from '../model/gpt';

const SEED = 1;
const STEPS = 200;
const SHAPE = { nLayer: 2, nHead: 2, nEmbd: 32, blockSize: 24 };
const BATCH = 8;
const SCHEDULE = { lr: 2e-2, minLr: 2e-3, warmupSteps: 10, decaySteps: 2 * STEPS };
const LINE = '\nhd%hd%hd%hd%hd%hd%hd';
const PERIOD = 3;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Mean attention each head gives to `offset` tokens back, over the rows that have such a token: [layer][head]. */
async function stripe(model: GPT, tokenizer: ReturnType<typeof buildCharTokenizer>, offset: number): Promise<number[][]> {
  const maps = await attentionMaps(model, tokenizer, LINE);
  const T = maps.tokens.length;
  return Array.from({ length: maps.nLayer }, (_, l) => Array.from({ length: maps.nHead }, (_, h) => {
    let sum = 0;
    for (let i = 1 + offset; i < T; i++) sum += maps.probs[attentionIndex(maps, l, h, i, i - offset)]; // from the first repeat on
    return sum / (T - 1 - offset);
  }));
}

it('shows the learned copy as a stripe one repeat back: some head puts most of each row on token i − 2', async () => {
  const text = syntheticCorpus('copy', 50_000, createRng(SEED + 1));
  const tokenizer = buildCharTokenizer(text);
  const { train } = splitTokens(tokenizer.encodeCorpus(text));
  const model = createGPT({ ...SHAPE, vocabSize: tokenizer.vocabSize }, createRng(SEED));
  const optimizer = new AdamW(model.params, OPTIMIZER);
  const batchRng = createRng(SEED + 2);
  const before = await stripe(model, tokenizer, PERIOD - 1);
  for (let step = 0; step < STEPS; step++) {
    const batch = randomBatch(train, BATCH, SHAPE.blockSize, batchRng);
    const x = tf.tensor2d(batch.x, [BATCH, SHAPE.blockSize], 'int32');
    const y = tf.tensor2d(batch.y, [BATCH, SHAPE.blockSize], 'int32');
    trainStep(model, optimizer, x, y, learningRate(step, SCHEDULE), OPTIMIZER.gradClip).dispose();
    tf.dispose([x, y]);
  }
  const after = await stripe(model, tokenizer, PERIOD - 1);
  const [oneBack, twoRepeatsOff] = [await stripe(model, tokenizer, 1), await stripe(model, tokenizer, PERIOD)];
  expect(Math.max(...before.flat())).toBeLessThan(0.3); // untrained: spread over the row
  const best = Math.max(...after.flat());
  expect(best, JSON.stringify(after)).toBeGreaterThan(0.5);
  // A stripe, not a smear: the same head gives its neighbours little.
  const [l, h] = [after.findIndex((r) => r.includes(best)), after.find((r) => r.includes(best))!.indexOf(best)];
  expect(oneBack[l][h] + twoRepeatsOff[l][h]).toBeLessThan(0.2);
  optimizer.dispose();
  model.dispose();
}, 180_000);
