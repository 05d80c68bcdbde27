// A trained model as a Hugging Face model folder, zipped: what `AutoModelForCausalLM` and
// `AutoTokenizer.from_pretrained(folder)` load as GPT-2 (transformers' GPT2Config and
// GPT2LMHeadModel). Our model is GPT-2's architecture: pre-LayerNorm blocks with eps 1e-5, biases
// in every linear and LayerNorm, GELU in its tanh form ("gelu_new"), learned positions, the head
// tied to wte. So the weights are renamed (`transformer.` + our GPT-2 name) and not changed: our
// linears are already [in, out], GPT-2's Conv1D layout; the tied `lm_head.weight` is left out, as
// save_pretrained leaves it out. Dropout is 0, as the page trains.
import { strToU8, zipSync, type Zippable } from 'fflate';
import { paramSpecs, type GPTConfig } from './config';
import { EXPORT_FORMAT } from './exportModel';
import { encodeSafetensors } from './safetensors';
import { huggingFaceTokenizerFiles } from './huggingfaceTokenizer';
import { modelCard, type ModelCardFacts } from './huggingfaceCard';
import type { NamedArrays } from './weights';
import type { Tokenizer } from '../data/tokenizer';
import type { RunSettings } from '../protocol/settings';
import type { TokenizerSpec } from '../protocol/tokenizerSpec';

/** The model's LayerNorm epsilon, GPT-2's: kernels/reference/ops.ts LN_EPS (model/ reaches kernels/ only through ops.ts, which does not export it). */
export const LAYER_NORM_EPSILON = 1e-5;

/** The page's own next-token logits for a prompt, shipped so a check in Python compares transformers' with them. */
export interface LogitsCheck {
  prompt: string;
  /** The prompt as our tokenizer encodes it. */
  ids: number[];
  /** Logits [vocab] after the last id. */
  logits: Float32Array;
}

export interface HuggingFaceExportInfo {
  config: GPTConfig;
  weights: NamedArrays;
  tokenizer: TokenizerSpec;
  settings: RunSettings;
  step: number;
  card: ModelCardFacts;
  check: LogitsCheck;
}

/** The file check_hf_export.py reads the page's logits from. */
export const LOGITS_CHECK_FILE = 'playground_logits.json';

/** transformers' name for one of our parameters: GPT2LMHeadModel keeps GPT2Model under `transformer`. */
export const huggingFaceName = (name: string): string => `transformer.${name}`;

/** config.json: every GPT2Config field written out, none left to a default that could differ between versions. */
export function gpt2Config(c: GPTConfig): Record<string, unknown> {
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: c.vocabSize,
    n_positions: c.blockSize,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_inner: null, // 4 × n_embd
    activation_function: 'gelu_new', // 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))), the model's GELU (kernels/reference/ops.ts)
    layer_norm_epsilon: LAYER_NORM_EPSILON,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
    summary_first_dropout: 0,
    initializer_range: 0.02,
    scale_attn_weights: true, // scores / √(head size)
    scale_attn_by_inverse_layer_idx: false,
    reorder_and_upcast_attn: false,
    use_cache: true,
    // No end-of-text token in our vocabularies (GPT2Config's default, 50256, would be out of range).
    bos_token_id: null,
    eos_token_id: null,
    tie_word_embeddings: true,
    torch_dtype: 'float32',
  };
}

/** generation_config.json: greedy, and never past the context (GPT-2 has no positions beyond it). */
export const generationConfig = (c: GPTConfig) => ({ max_length: c.blockSize, do_sample: false, bos_token_id: null, eos_token_id: null });

/**
 * model.safetensors under GPT2LMHeadModel's names. `format: "pt"` is what transformers requires of
 * a safetensors file's metadata; the rest is our export's metadata (exportModel.ts), so
 * scripts/train_torch.py can continue from the folder with the run's tokenizer, settings and step.
 */
function modelSafetensors(info: HuggingFaceExportInfo): Uint8Array {
  const { vocabSize, blockSize, nLayer, nHead, nEmbd } = info.config;
  const tensors = paramSpecs(info.config).map(({ name, shape }) => ({ name: huggingFaceName(name), shape, data: info.weights[name] }));
  const missing = tensors.find((t) => t.data === undefined);
  if (missing) throw new Error(`The weights have no ${missing.name.slice('transformer.'.length)}.`);
  return encodeSafetensors(tensors, {
    format: 'pt',
    playground_format: EXPORT_FORMAT,
    config: JSON.stringify({ vocabSize, blockSize, nLayer, nHead, nEmbd }),
    tokenizer: JSON.stringify(info.tokenizer),
    settings: JSON.stringify(info.settings),
    step: JSON.stringify(info.step),
  });
}

/**
 * Every file of the folder, by name: config.json, generation_config.json, model.safetensors, the
 * tokenizer files (huggingfaceTokenizer.ts), README.md (the model card) and playground_logits.json.
 * @throws Error when a parameter of the config has no weights.
 */
export function huggingFaceFolder(info: HuggingFaceExportInfo): Record<string, Uint8Array> {
  const tokenizer = huggingFaceTokenizerFiles(info.tokenizer, info.config.blockSize);
  const text: Record<string, string> = {
    'config.json': JSON.stringify(gpt2Config(info.config), null, 2),
    'generation_config.json': JSON.stringify(generationConfig(info.config), null, 2),
    ...tokenizer.files,
    'README.md': modelCard(info.card, info.config, info.settings, info.step, info.tokenizer, tokenizer.repeated.length),
    [LOGITS_CHECK_FILE]: JSON.stringify({
      step: info.step,
      prompt: info.check.prompt,
      ids: info.check.ids,
      logits: Array.from(info.check.logits),
    }),
  };
  const files: Record<string, Uint8Array> = { 'model.safetensors': modelSafetensors(info) };
  for (const [name, content] of Object.entries(text)) files[name] = strToU8(content);
  return files;
}

/**
 * The folder as a zip holding one folder `folderName/`, so unzipping gives a directory to pass to
 * from_pretrained. The weights are stored (float32 hardly deflates), the text deflated.
 */
export function zipFolder(folderName: string, files: Record<string, Uint8Array>): Uint8Array {
  const folder: Zippable = {};
  for (const [name, bytes] of Object.entries(files)) folder[name] = name.endsWith('.safetensors') ? [bytes, { level: 0 }] : bytes;
  return zipSync({ [folderName]: folder }, { level: 6 });
}

/**
 * A prompt for the logits check: the text's opening, cut to at most 40 characters and to what
 * fits the context as tokens, never empty (the first token alone at worst).
 */
export function checkPrompt(text: string, tokenizer: Tokenizer, blockSize: number): { prompt: string; ids: number[] } {
  const chars = Array.from(text.slice(0, 80)).slice(0, 40);
  for (let n = chars.length; n > 0; n--) {
    const prompt = chars.slice(0, n).join('');
    const { ids, skipped } = tokenizer.encode(prompt);
    if (ids.length > 0 && ids.length <= Math.min(blockSize, 32) && skipped.length === 0) return { prompt, ids };
  }
  throw new Error('The text has no opening this tokenizer can encode.');
}
