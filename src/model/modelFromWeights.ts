// A model built from saved weights, to ask questions of and let go: Compare runs reads two or three
// saved runs this way, one at a time, without touching the run that trains. The same model a run
// builds (createGPT with the ops its backend and settings choose), with the saved values written in.
import { createGPT, type GPT } from './gpt';
import type { GPTConfig } from './config';
import { assignVariables, type NamedArrays } from './weights';
import { createRng } from '../data/rng';
import { opsFor } from '../kernels/ops';
import type { BackendName, RunSettings } from '../protocol/settings';

/**
 * @param settings the run's settings: its compute path (kernels) picks the ops, as for training.
 * @returns a model the caller disposes.
 * @throws Error naming the first misfit (a missing or wrongly sized weight) when the weights do not
 *   fit the config; nothing stays allocated then.
 */
export function modelFromWeights(
  config: GPTConfig,
  weights: NamedArrays,
  backend: BackendName,
  settings: Pick<RunSettings, 'kernels'>,
): GPT {
  const model = createGPT(config, createRng(0), { ops: opsFor(backend, settings.kernels) }); // the random init is overwritten
  try {
    assignVariables(model.params, weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
