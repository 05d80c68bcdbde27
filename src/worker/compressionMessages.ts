// What Compress and Decompress say when they refuse: each message names the problem in the
// person's terms and what to do next, and stays short whatever the input (a character list is
// capped; names are cropped).
import { listChars } from '../data/charNames';
import type { CompressedHeader } from '../data/compressedFile';
import { COMPRESS_LIMIT_CHARS } from '../protocol/compression';
import { DEFAULT_KERNELS, type BackendName, type KernelPath } from '../protocol/settings';

const BACKEND_WORDS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'the CPU backend' };
const fmt = (n: number) => n.toLocaleString('en-US');
const crop = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const whileTraining = (verb: 'compressing' | 'decompressing') =>
  `Pause training before ${verb}: the weights would change under the coder, and only the very weights that compress a text can decompress it.`;

export const trainingStarted = (verb: 'Compression' | 'Decompression') =>
  `${verb} stopped: training started, so the weights moved under the coder. Pause, then try again.`;

export const runChanged = 'The model changed since you asked (another run is loaded); try again.';

/** The weights diverged (NaN or infinity): the model gives no probabilities to code with. */
export const notFinite = (verb: 'Compression' | 'Decompression') =>
  `${verb} failed: this run's weights are not finite numbers (training diverged), so the model gives no probabilities to code with. Reset the run and train it again.`;

export const tooLong = (characters: number) =>
  `This text has ${fmt(characters)} characters; Compress takes at most ${fmt(COMPRESS_LIMIT_CHARS)} (a token costs one forward pass). Compress a part of it.`;

export const tooManyTokens = (tokens: number) =>
  `This file claims ${fmt(tokens)} tokens, more than Compress ever writes (${fmt(COMPRESS_LIMIT_CHARS)} at most): it is damaged or not ours.`;

/** A character tokenizer has no id for these characters, so the text cannot be stored exactly. */
export const notInAlphabet = (skipped: readonly string[], corpusName: string) =>
  `${listChars(skipped, 5)} ${skipped.length === 1 ? 'is' : 'are'} not in the alphabet of ${crop(corpusName)}, so this model cannot store the text exactly. Remove ${skipped.length === 1 ? 'it' : 'them'}, or compress with a model that knows ${skipped.length === 1 ? 'it' : 'them'} (BPE knows every character).`;

export interface CurrentModel {
  step: number;
  savedId: string;
  backend: BackendName;
  kernels: KernelPath;
}

/**
 * Why a file from another model, backend or compute path is refused, and what would decode it.
 * @param savedRun the run that wrote it, if this browser still keeps it: its text's name and saved step.
 */
export function mismatch(h: CompressedHeader, now: CurrentModel, savedRun: { corpusName: string; step: number } | null): string {
  if (h.backend !== now.backend || h.kernels !== now.kernels) {
    const open = `open the page with ?backend=${h.backend}${h.kernels === DEFAULT_KERNELS ? '' : `&kernels=${h.kernels}`}, load the run and decompress there.`;
    if (h.backend === now.backend)
      return `This file was compressed on ${BACKEND_WORDS[h.backend]} with the ${h.kernels} compute path; this run uses the ${now.kernels} path. Another compute path computes slightly different probabilities, so ${open}`;
    const path = h.kernels === now.kernels ? '' : ` with the ${h.kernels} compute path`;
    return `This file was compressed on ${BACKEND_WORDS[h.backend]}${path}; this page runs ${BACKEND_WORDS[now.backend]}. Another backend computes slightly different probabilities, so ${open}`;
  }
  if (h.savedId === now.savedId && h.step !== now.step)
    return `This file was compressed by this run at step ${fmt(h.step)}; the model is at step ${fmt(now.step)} now, so its weights differ. Only the weights that compressed a text can decompress it.`;
  if (h.savedId === now.savedId)
    return `This file was compressed by this run, also at step ${fmt(h.step)}, but with other weights than it has now (the run was trained to this step again, perhaps from an earlier save). Only the weights that compressed a text can decompress it.`;
  if (savedRun)
    return `This file was compressed by another run (${crop(savedRun.corpusName)}, at step ${fmt(h.step)}). ${savedRun.step === h.step ? `Load that run in Saved runs and decompress again.` : `That run is saved at step ${fmt(savedRun.step)} now, so its weights have changed and cannot decompress it.`}`;
  return `This file was compressed by a model this browser does not keep (its step ${fmt(h.step)}, checksum ${h.modelChecksum}). Only the weights that compressed a text can decompress it.`;
}
