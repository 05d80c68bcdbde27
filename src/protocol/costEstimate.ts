// What pre-training a known model would cost: GPT-2 small, GPT-2 XL and GPT-3 at the token counts
// they were (or are said to have been) trained on, and each again at Chinchilla's compute-optimal
// 20 tokens per parameter; timed on this device at its measured FLOP/s and on a cluster of
// datacenter GPUs at a stated peak and utilisation, priced per GPU-hour. FLOPs per token follow
// nanoGPT's estimate_mfu (flops.ts) on each model's published shape.
import { chinchillaTokens, flopsPerToken, nonEmbeddingParams, secondsFor, type FlopShape } from './flops';
import type { NumberRange } from './range';

export interface ReferenceModel {
  name: string;
  /** Published shape; the vocabulary is GPT-2's BPE (50,257) for all three. */
  shape: FlopShape & { nHead: number };
  /** Training tokens as stated by the source (or commonly assumed, see `tokensNote`). */
  tokens: number;
  tokensNote: string;
  source: string;
}

const GPT2_VOCAB = 50_257;

/** The reference models (shapes: Radford et al. 2019 table 2; Brown et al. 2020 table 2.1). */
export const REFERENCE_MODELS: readonly ReferenceModel[] = [
  {
    name: 'GPT-2 small (124M)',
    shape: { nLayer: 12, nHead: 12, nEmbd: 768, blockSize: 1024, vocabSize: GPT2_VOCAB },
    tokens: 10e9,
    tokensNote: '~10B tokens: the GPT-2 paper gives WebText (40 GB of text), not a token count; ~10B is the usual estimate',
    source: 'Radford et al. 2019',
  },
  {
    name: 'GPT-2 XL (1.5B)',
    shape: { nLayer: 48, nHead: 25, nEmbd: 1600, blockSize: 1024, vocabSize: GPT2_VOCAB },
    tokens: 100e9,
    tokensNote: '~100B tokens: an estimate (several passes over WebText); the paper does not state it',
    source: 'Radford et al. 2019',
  },
  {
    name: 'GPT-3 (175B)',
    shape: { nLayer: 96, nHead: 96, nEmbd: 12288, blockSize: 2048, vocabSize: GPT2_VOCAB },
    tokens: 300e9,
    tokensNote: '300B tokens, as stated in the GPT-3 paper (section 2.2)',
    source: 'Brown et al. 2020',
  },
];

/** The cluster the table compares against; every field editable on the page. */
export interface ClusterAssumptions {
  /** Peak dense throughput of one GPU, FLOP/s. */
  peakFlopsPerSecond: number;
  /** Share of the peak a real training run achieves (MFU), 0–1. */
  utilisation: number;
  gpuCount: number;
  /** Rental price of one GPU for one hour, US dollars. */
  pricePerGpuHour: number;
}

/**
 * Defaults: NVIDIA A100's dense BF16 peak, 312 TFLOP/s (NVIDIA A100 datasheet; the figure
 * nanoGPT's estimate_mfu divides by), 30 % utilisation, 8 GPUs (one server), $2 per GPU-hour
 * (an assumed rental price, not a quote: edit it).
 */
export const DEFAULT_CLUSTER: ClusterAssumptions = { peakFlopsPerSecond: 312e12, utilisation: 0.3, gpuCount: 8, pricePerGpuHour: 2 };

export const PEAK_SOURCE = 'NVIDIA A100 dense BF16 peak, 312 TFLOP/s (NVIDIA A100 datasheet; nanoGPT estimate_mfu uses it)';

/** Accepted ranges of the page's fields (peak in TFLOP/s, utilisation in %). */
export const CLUSTER_RANGES = {
  peakTflops: { label: 'GPU peak (TFLOP/s)', min: 1, max: 100_000, integer: false },
  utilisationPercent: { label: 'Utilisation (%)', min: 1, max: 100, integer: false },
  gpuCount: { label: 'GPUs', min: 1, max: 1_000_000, integer: true },
  pricePerGpuHour: { label: 'Price per GPU-hour ($)', min: 0, max: 1000, integer: false },
} as const satisfies Record<string, NumberRange>;

export interface EstimateRow {
  name: string;
  /** "as trained" or "Chinchilla-optimal". */
  budget: 'as trained' | 'Chinchilla-optimal';
  /** nanoGPT's N: parameters without position embeddings. */
  params: number;
  tokens: number;
  tokensNote: string;
  source: string;
  flopsPerToken: number;
  totalFlops: number;
  /** Time at this device's measured FLOP/s; Infinity until it is measured. */
  deviceSeconds: number;
  /** Wall-clock time on the cluster: total / (GPUs × peak × utilisation). */
  clusterSeconds: number;
  /** GPU-hours × price, dollars. */
  cost: number;
}

/** Sustained FLOP/s of the whole cluster. */
export const clusterFlopsPerSecond = (a: ClusterAssumptions): number => a.gpuCount * a.peakFlopsPerSecond * a.utilisation;

/** One row: `tokens` training tokens of `model`. */
export function estimateRow(
  model: ReferenceModel,
  budget: EstimateRow['budget'],
  deviceFlopsPerSecond: number | undefined,
  cluster: ClusterAssumptions,
): EstimateRow {
  const params = nonEmbeddingParams(model.shape);
  const tokens = budget === 'as trained' ? model.tokens : chinchillaTokens(params);
  const perToken = flopsPerToken(model.shape);
  const totalFlops = perToken * tokens;
  const clusterSeconds = secondsFor(totalFlops, clusterFlopsPerSecond(cluster));
  return {
    name: model.name,
    budget,
    params,
    tokens,
    source: model.source,
    flopsPerToken: perToken,
    totalFlops,
    tokensNote: budget === 'as trained' ? model.tokensNote : '20 tokens per parameter (Hoffmann et al. 2022)',
    deviceSeconds: secondsFor(totalFlops, deviceFlopsPerSecond ?? 0),
    clusterSeconds,
    cost: (clusterSeconds / 3600) * cluster.gpuCount * cluster.pricePerGpuHour,
  };
}

/** The whole table: each reference model as trained, then Chinchilla-optimal. */
export const estimateTable = (deviceFlopsPerSecond: number | undefined, cluster: ClusterAssumptions = DEFAULT_CLUSTER): EstimateRow[] =>
  REFERENCE_MODELS.flatMap((m) => [
    estimateRow(m, 'as trained', deviceFlopsPerSecond, cluster),
    estimateRow(m, 'Chinchilla-optimal', deviceFlopsPerSecond, cluster),
  ]);
