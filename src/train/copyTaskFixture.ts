// A tiny GPT trained briefly on the copy task ("\nhd%hd%…") with the project's own training
// pieces (trainStep, AdamW with the run constants, the LR schedule, random batches of the training
// split; the reference ops, createGPT's default): the model the few-shot and attention-stripe
// tests probe. Same shape, seed and schedule for both, so what one measures the other can rely on.
// A test fixture, kept beside the two tests that use it (fewShotLearns.test.ts,
// attentionStripe.test.ts); nothing else imports it.
import * as tf from '@tensorflow/tfjs';
import { AdamW } from './adamw';
import { learningRate } from './lrSchedule';
import { trainStep } from './trainStep';
import { buildCharTokenizer } from '../data/charTokenizer';
import { randomBatch, splitTokens } from '../data/dataset';
import { createRng } from '../data/rng';
import { syntheticCorpus } from '../data/synthetic';
import { createGPT, type GPT } from '../model/gpt';
import { OPTIMIZER } from '../protocol/settings';

export const SEED = 1;
const STEPS = 200;
/** Context 24: every few-shot prompt up to k = 4 fits whole (k = 8 is cropped, and says so). */
const SHAPE = { nLayer: 2, nHead: 2, nEmbd: 32, blockSize: 24 };
const BATCH = 8;
// Warm-up, then the first half of a cosine: the learning rate is still high when the switch comes.
const SCHEDULE = { lr: 2e-2, minLr: 2e-3, warmupSteps: 10, decaySteps: 2 * STEPS };

export interface CopyTaskModel {
  model: GPT;
  tokenizer: ReturnType<typeof buildCharTokenizer>;
  /** Trains the model STEPS steps (synchronously, on the current backend). */
  train(): void;
  /** Frees the model and its optimizer. */
  dispose(): void;
}

/** The model, untrained until `train` is called, with its tokenizer. */
export function copyTaskModel(): CopyTaskModel {
  const text = syntheticCorpus('copy', 50_000, createRng(SEED + 1));
  const tokenizer = buildCharTokenizer(text);
  const { train } = splitTokens(tokenizer.encodeCorpus(text));
  const model = createGPT({ ...SHAPE, vocabSize: tokenizer.vocabSize }, createRng(SEED));
  const optimizer = new AdamW(model.params, OPTIMIZER);
  const batchRng = createRng(SEED + 2);
  return {
    model,
    tokenizer,
    train() {
      for (let step = 0; step < STEPS; step++) {
        const batch = randomBatch(train, BATCH, SHAPE.blockSize, batchRng);
        const x = tf.tensor2d(batch.x, [BATCH, SHAPE.blockSize], 'int32');
        const y = tf.tensor2d(batch.y, [BATCH, SHAPE.blockSize], 'int32');
        trainStep(model, optimizer, x, y, learningRate(step, SCHEDULE), OPTIMIZER.gradClip).dispose();
        tf.dispose([x, y]);
      }
    },
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}
