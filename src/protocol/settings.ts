// Run settings: model shape + training hyperparameters, the named presets, and their accepted
// ranges. One schema serves URL parameters, the settings panel and the worker boundary, so a link
// reproduces a run and every bad value gets the same message. The optimizer's fixed constants
// live here too: the page shows them and the trainer uses them.
import * as v from 'valibot';
import { ModelShapeSchema, SHAPE_RANGES, headProblem, type ModelShape } from './gptConfig';
import { numberIn, type NumberRange } from './range';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * How the training step runs: 'fused', the fastest implementation for the backend (WebGPU kernels
 * on WebGPU, WebAssembly kernels on WASM and CPU, the reference on WebGL: kernels/ops.ts opsFor),
 * or 'reference' (nanoGPT's equations op by op, the truth the others are tested against). The
 * values stay for links already shared; the page names the implementation in words.
 */
export const KERNEL_PATHS = ['fused', 'reference'] as const;
export type KernelPath = (typeof KERNEL_PATHS)[number];
export const DEFAULT_KERNELS: KernelPath = 'fused';

/**
 * Whether WebGPU compiles the step's pipelines in parallel before the first step, with a count on
 * the page ('on': train/shaderWarmup.ts), or one by one as each op first runs ('off'). Off by
 * default: on SwiftShader (2 cores) Train to the end of the first step measured ~10 % slower with it
 * (README, Performance); a real GPU's figure is unmeasured (npm run bench -- --shader-warmup on,off).
 */
export const SHADER_WARMUPS = ['on', 'off'] as const;
export type ShaderWarmup = (typeof SHADER_WARMUPS)[number];
export const DEFAULT_SHADER_WARMUP: ShaderWarmup = 'off';

/**
 * The optimizer of the 2-D hidden matrices: 'adamw' (every parameter, as nanoGPT), or 'muon'
 * (Muon for the hidden matrices, AdamW for embeddings, gains and biases: kernels/muon.ts). Absent
 * means AdamW, as every run saved before Muon trained. AdamW by default: on a CPU, Muon's
 * Newton–Schulz products cost more time per step than its fewer steps save (README, Performance).
 */
export const OPTIMIZERS = ['adamw', 'muon'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const DEFAULT_OPTIMIZER: OptimizerName = 'adamw';

export const PRESET_NAMES = ['tiny', 'baby', 'small', 'large'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Accepted ranges of every numeric setting, in the order the settings panel shows them. */
export const SETTING_RANGES = {
  ...SHAPE_RANGES,
  batchSize: { label: 'Batch size', min: 1, max: 128, integer: true },
  lr: { label: 'Learning rate', min: 1e-5, max: 0.1, integer: false },
  warmupSteps: { label: 'Warm-up steps', min: 0, max: 10_000, integer: true },
  maxSteps: { label: 'Max steps', min: 1, max: 100_000, integer: true },
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, integer: true },
  evalEvery: { label: 'Eval every', min: 1, max: 10_000, integer: true },
  evalBatches: { label: 'Eval batches', min: 1, max: 200, integer: true },
  sampleEvery: { label: 'Sample every', min: 1, max: 100_000, integer: true },
  sampleLength: { label: 'Sample length', min: 1, max: 2000, integer: true },
} as const satisfies Record<string, NumberRange>;

export type NumericKey = keyof typeof SETTING_RANGES;
export const NUMERIC_KEYS = Object.keys(SETTING_RANGES) as NumericKey[];

export const RunSettingsSchema = v.pipe(
  v.object({
    /** Backend asked for; absent = the best this browser has (WebGPU → WebGL → WASM → CPU). */
    backend: v.optional(v.picklist(BACKENDS)),
    /** Training step's kernels; absent = DEFAULT_KERNELS. */
    kernels: v.optional(v.picklist(KERNEL_PATHS)),
    /** Compile WebGPU pipelines before the first step; absent = DEFAULT_SHADER_WARMUP. */
    shaderWarmup: v.optional(v.picklist(SHADER_WARMUPS)),
    /** The hidden matrices' optimizer; absent = DEFAULT_OPTIMIZER. */
    optimizer: v.optional(v.picklist(OPTIMIZERS)),
    preset: v.picklist(PRESET_NAMES),
    ...ModelShapeSchema.entries,
    batchSize: numberIn(SETTING_RANGES.batchSize),
    /** Peak learning rate; the cosine decays to lr / 10. */
    lr: numberIn(SETTING_RANGES.lr),
    warmupSteps: numberIn(SETTING_RANGES.warmupSteps),
    maxSteps: numberIn(SETTING_RANGES.maxSteps),
    seed: numberIn(SETTING_RANGES.seed),
    evalEvery: numberIn(SETTING_RANGES.evalEvery),
    /** Validation batches per evaluation (fixed windows). */
    evalBatches: numberIn(SETTING_RANGES.evalBatches),
    sampleEvery: numberIn(SETTING_RANGES.sampleEvery),
    /** Tokens per progress sample. */
    sampleLength: numberIn(SETTING_RANGES.sampleLength),
  }),
  v.forward(
    v.check(
      (s) => headProblem(s) === null,
      (issue) => headProblem(issue.input as ModelShape) ?? '',
    ),
    ['nHead'],
  ),
);
export type RunSettings = v.InferOutput<typeof RunSettingsSchema>;

type PresetValues = Pick<RunSettings, 'nLayer' | 'nHead' | 'nEmbd' | 'blockSize' | 'batchSize' | 'lr'>;

export const PRESETS: Record<PresetName, PresetValues> = {
  // For tests and slow machines: learns letters and short words in a few hundred steps.
  tiny: { nLayer: 2, nHead: 2, nEmbd: 64, blockSize: 32, batchSize: 8, lr: 2e-3 },
  // nanoGPT's CPU "baby" config (shakespeare_char on a MacBook), at 3× its peak learning rate: on
  // Moby Dick it reaches val loss 2.0 in 600 steps instead of 1,000, and is lower at step 5,000 too
  // (1.517 against 1.566 at the end of a 5,000-step cosine; npm run pretrain --params; README).
  baby: { nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, batchSize: 12, lr: 3e-3 },
  small: { nLayer: 6, nHead: 6, nEmbd: 192, blockSize: 128, batchSize: 12, lr: 1e-3 },
  // nanoGPT's shakespeare_char GPU config (10.7 M parameters): for a real GPU; slow elsewhere.
  large: { nLayer: 6, nHead: 6, nEmbd: 384, blockSize: 256, batchSize: 64, lr: 1e-3 },
};

export const DEFAULT_PRESET: PresetName = 'baby';

/**
 * The run a person gets on opening the page, chosen for the minutes they wait (npm run speedrun):
 * a short warm-up (30 steps, not nanoGPT's 100); evaluations twice as often on half the batches
 * (the same cost, the curve and the time to a target twice as fine; the batches are fixed, so the
 * curve does not jitter); a progress sample every 100 steps, so words are seen when they come.
 */
export const DEFAULT_SETTINGS: RunSettings = {
  preset: DEFAULT_PRESET,
  ...PRESETS[DEFAULT_PRESET],
  warmupSteps: 30,
  maxSteps: 5000,
  seed: 1337,
  evalEvery: 50,
  evalBatches: 10,
  sampleEvery: 100,
  sampleLength: 200,
};

/** Fixed training constants (nanoGPT baby config); not exposed as parameters. */
export const OPTIMIZER = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, gradClip: 1.0 } as const;

/**
 * Muon's constants (kernels/muon.ts), where a run asks for it: its learning rate is the run's
 * scheduled rate times lrRatio (baby on Moby Dick, AdamW 3e-3 for the rest: Muon at 0.01 reached
 * val loss 2.0 in 475 steps, 0.02 in 875, 0.05 not in 1,500; PyTorch, the same model), Nesterov
 * momentum 0.95 and 5 Newton–Schulz iterations as modded-nanogpt.
 */
export const MUON = { lrRatio: 10 / 3, momentum: 0.95, nsSteps: 5 } as const;

/** The schedule's floor: cosine from lr to lr / 10, as nanoGPT's min_lr. */
export const minLr = (s: RunSettings): number => s.lr / 10;

/** The preset's name, or "custom (from baby)" once the model's shape or batch differs from it. */
export function presetLabel(s: RunSettings): string {
  const preset = PRESETS[s.preset];
  const same = (Object.keys(preset) as (keyof PresetValues)[]).every((k) => preset[k] === s[k]);
  return same ? s.preset : `custom (from ${s.preset})`;
}
