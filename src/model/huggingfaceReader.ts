// Reads a zipped Hugging Face model folder as transformers would and names every way it would go
// wrong: config.json keys and values against GPT2Config (transformers' configuration_gpt2.py),
// model.safetensors' names and shapes against GPT2LMHeadModel's state dict (modeling_gpt2.py:
// transformer.wte/wpe, transformer.h.{i}.ln_1/attn.c_attn/attn.c_proj/ln_2/mlp.c_fc/mlp.c_proj
// with Conv1D weights [in, out], transformer.ln_f, lm_head tied), its metadata's "format" (which
// transformers' load_state_dict requires), and the tokenizer files against each other. Written
// from those sources, not from our exporter, so the unit and end-to-end tests check the export
// against transformers' expectations rather than against itself.
import { strFromU8, unzipSync } from 'fflate';
import { decodeSafetensors, type SafetensorsTensor } from './safetensors';

/** GPT2Config's arguments (configuration_gpt2.py) and the PretrainedConfig keys a saved config carries. */
const GPT2_CONFIG_KEYS = new Set([
  ...['vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head', 'n_inner', 'activation_function', 'resid_pdrop', 'embd_pdrop'],
  ...['attn_pdrop', 'layer_norm_epsilon', 'initializer_range', 'summary_type', 'summary_use_proj', 'summary_activation'],
  ...['summary_proj_to_labels', 'summary_first_dropout', 'scale_attn_weights', 'use_cache', 'bos_token_id', 'eos_token_id'],
  ...['scale_attn_by_inverse_layer_idx', 'reorder_and_upcast_attn'],
  ...['architectures', 'model_type', 'tie_word_embeddings', 'torch_dtype', 'pad_token_id', 'transformers_version'],
]);
const TOKENIZER_CLASSES = new Set(['GPT2Tokenizer', 'GPT2TokenizerFast', 'PreTrainedTokenizerFast']);

export interface HuggingFaceFolder {
  /** The one folder the zip holds. */
  name: string;
  files: Record<string, Uint8Array>;
}

/** The files of a zip holding one folder, by their names inside it. @throws Error when it holds anything else. */
export function unzipFolder(zip: Uint8Array): HuggingFaceFolder {
  const entries = Object.entries(unzipSync(zip)).filter(([path]) => !path.endsWith('/'));
  const tops = new Set(entries.map(([path]) => path.split('/')[0]));
  if (tops.size !== 1 || entries.some(([path]) => path.split('/').length !== 2)) {
    throw new Error(`The zip should hold one folder of files; it holds ${entries.map(([p]) => p).join(', ')}`);
  }
  return { name: [...tops][0], files: Object.fromEntries(entries.map(([path, bytes]) => [path.split('/')[1], bytes])) };
}

/** GPT2LMHeadModel's parameter names and shapes (lm_head tied, so not stored) for a config. */
export function gpt2StateDictShapes(c: {
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_inner?: number | null;
}): Map<string, number[]> {
  const C = c.n_embd;
  const inner = c.n_inner ?? 4 * C;
  const shapes = new Map<string, number[]>([
    ['transformer.wte.weight', [c.vocab_size, C]],
    ['transformer.wpe.weight', [c.n_positions, C]],
  ]);
  for (let i = 0; i < c.n_layer; i++) {
    const p = `transformer.h.${i}`;
    for (const ln of ['ln_1', 'ln_2']) shapes.set(`${p}.${ln}.weight`, [C]).set(`${p}.${ln}.bias`, [C]);
    shapes.set(`${p}.attn.c_attn.weight`, [C, 3 * C]).set(`${p}.attn.c_attn.bias`, [3 * C]);
    shapes.set(`${p}.attn.c_proj.weight`, [C, C]).set(`${p}.attn.c_proj.bias`, [C]);
    shapes.set(`${p}.mlp.c_fc.weight`, [C, inner]).set(`${p}.mlp.c_fc.bias`, [inner]);
    shapes.set(`${p}.mlp.c_proj.weight`, [inner, C]).set(`${p}.mlp.c_proj.bias`, [C]);
  }
  return shapes.set('transformer.ln_f.weight', [C]).set('transformer.ln_f.bias', [C]);
}

export interface FolderReport {
  problems: string[];
  config: Record<string, unknown>;
  tensors: SafetensorsTensor[];
  metadata: Record<string, string>;
  text: Record<string, string>;
}

const isInt = (x: unknown): x is number => Number.isInteger(x) && (x as number) > 0;

function configProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(config))
    if (!GPT2_CONFIG_KEYS.has(key)) problems.push(`config.json has "${key}", which GPT2Config does not know`);
  if (config.model_type !== 'gpt2') problems.push(`config.json: model_type is ${JSON.stringify(config.model_type)}, not "gpt2"`);
  if (!Array.isArray(config.architectures) || !config.architectures.includes('GPT2LMHeadModel'))
    problems.push('config.json: architectures lacks GPT2LMHeadModel');
  for (const key of ['vocab_size', 'n_positions', 'n_embd', 'n_layer', 'n_head'])
    if (!isInt(config[key])) problems.push(`config.json: ${key} must be a positive integer`);
  if (isInt(config.n_embd) && isInt(config.n_head) && config.n_embd % config.n_head !== 0)
    problems.push('config.json: n_embd must divide by n_head');
  if (config.activation_function !== 'gelu_new')
    problems.push(`config.json: activation_function ${JSON.stringify(config.activation_function)} is not the tanh GELU "gelu_new"`);
  if (config.layer_norm_epsilon !== 1e-5) problems.push(`config.json: layer_norm_epsilon ${String(config.layer_norm_epsilon)} is not 1e-5`);
  if (config.tie_word_embeddings === false) problems.push('config.json: the head must stay tied (tie_word_embeddings)');
  if (config.n_inner !== undefined && config.n_inner !== null) problems.push('config.json: n_inner must be null (4 × n_embd)');
  if (config.scale_attn_weights === false || config.scale_attn_by_inverse_layer_idx === true)
    problems.push('config.json: attention must scale by 1/√head size only');
  for (const key of ['resid_pdrop', 'embd_pdrop', 'attn_pdrop'])
    if (config[key] !== 0) problems.push(`config.json: ${key} must be 0 (the page trains without dropout)`);
  for (const key of ['bos_token_id', 'eos_token_id', 'pad_token_id']) {
    const id = config[key];
    if (id !== undefined && id !== null && !(Number.isInteger(id) && (id as number) < (config.vocab_size as number)))
      problems.push(`config.json: ${key} ${String(id)} is not a token of the vocabulary`);
  }
  return problems;
}

function weightProblems(config: Record<string, unknown>, tensors: SafetensorsTensor[], metadata: Record<string, string>): string[] {
  const problems: string[] = [];
  if (metadata.format !== 'pt')
    problems.push(`model.safetensors: metadata format ${JSON.stringify(metadata.format)} is not "pt", which transformers requires`);
  const expected = gpt2StateDictShapes(config as Parameters<typeof gpt2StateDictShapes>[0]);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const [name, shape] of expected) {
    const t = byName.get(name);
    if (!t) problems.push(`model.safetensors lacks ${name}`);
    else if (t.shape.join() !== shape.join())
      problems.push(`model.safetensors: ${name} is [${t.shape.join(', ')}], GPT2LMHeadModel wants [${shape.join(', ')}]`);
    else if (!t.data.every(Number.isFinite)) problems.push(`model.safetensors: ${name} holds a value that is not finite`);
  }
  for (const t of tensors)
    if (!expected.has(t.name)) problems.push(`model.safetensors has ${t.name}, which GPT2LMHeadModel does not (lm_head is tied)`);
  return problems;
}

function tokenizerProblems(config: Record<string, unknown>, text: Record<string, string>): string[] {
  const problems: string[] = [];
  const json = JSON.parse(text['tokenizer.json']) as {
    version?: string;
    model?: { type?: string; vocab?: Record<string, number>; merges?: unknown[] };
    pre_tokenizer?: { type?: string } | null;
  };
  if (json.version !== '1.0') problems.push('tokenizer.json: version must be "1.0"');
  if (json.model?.type !== 'BPE') problems.push('tokenizer.json: the model must be a BPE');
  const vocab = json.model?.vocab ?? {};
  const ids = Object.values(vocab).sort((a, b) => a - b);
  if (ids.length !== config.vocab_size || ids.some((id, i) => id !== i))
    problems.push(`tokenizer.json: the vocabulary's ids must be 0…${Number(config.vocab_size) - 1}, each once`);
  const tokenizerConfig = JSON.parse(text['tokenizer_config.json']) as Record<string, unknown>;
  if (!TOKENIZER_CLASSES.has(String(tokenizerConfig.tokenizer_class)))
    problems.push(`tokenizer_config.json: tokenizer_class ${String(tokenizerConfig.tokenizer_class)} is not a GPT-2 or fast tokenizer`);
  if (tokenizerConfig.clean_up_tokenization_spaces !== false)
    problems.push('tokenizer_config.json: clean_up_tokenization_spaces must be false (it would change decoded text)');
  if (tokenizerConfig.model_max_length !== config.n_positions)
    problems.push('tokenizer_config.json: model_max_length must be the context, n_positions');
  for (const key of ['bos_token', 'eos_token', 'unk_token', 'pad_token']) {
    const token = tokenizerConfig[key];
    if (token !== undefined && token !== null && !(typeof token === 'string' && token in vocab))
      problems.push(`tokenizer_config.json: ${key} ${JSON.stringify(token)} is not in the vocabulary`);
  }
  if (json.pre_tokenizer?.type === 'ByteLevel') {
    if (tokenizerConfig.tokenizer_class !== 'GPT2Tokenizer') problems.push('tokenizer_config.json: a byte-level BPE is a GPT2Tokenizer');
    if (!('vocab.json' in text) || !('merges.txt' in text))
      return [...problems, 'a byte-level BPE needs vocab.json and merges.txt for GPT2Tokenizer'];
    if (JSON.stringify(JSON.parse(text['vocab.json'])) !== JSON.stringify(vocab))
      problems.push("vocab.json differs from tokenizer.json's vocabulary");
    const lines = text['merges.txt'].split('\n');
    if (!lines[0].startsWith('#version') || lines.at(-1) !== '')
      problems.push('merges.txt must start with a #version line and end with a newline');
    if (lines.slice(1, -1).join('\n') !== (json.model?.merges ?? []).join('\n'))
      problems.push("merges.txt differs from tokenizer.json's merges");
  }
  return problems;
}

/**
 * Everything wrong with a folder transformers should load as a GPT-2 with its tokenizer; an empty
 * `problems` means config, weights and tokenizer files are as transformers expects them.
 */
export function checkHuggingFaceFolder(files: Record<string, Uint8Array>): FolderReport {
  const required = ['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'README.md'];
  const missing = required.filter((name) => !(name in files));
  const text = Object.fromEntries(
    Object.entries(files)
      .filter(([n]) => !n.endsWith('.safetensors'))
      .map(([n, b]) => [n, strFromU8(b)]),
  );
  if (missing.length > 0) return { problems: [`the folder lacks ${missing.join(', ')}`], config: {}, tensors: [], metadata: {}, text };
  const config = JSON.parse(text['config.json']) as Record<string, unknown>;
  const weights = decodeSafetensors(files['model.safetensors']);
  if (!weights.ok) return { problems: [`model.safetensors: ${weights.message}`], config, tensors: [], metadata: {}, text };
  const generation = JSON.parse(text['generation_config.json']) as Record<string, unknown>;
  const problems = [
    ...configProblems(config),
    ...weightProblems(config, weights.tensors, weights.metadata),
    ...tokenizerProblems(config, text),
    ...(typeof generation.max_length === 'number' && generation.max_length <= Number(config.n_positions)
      ? []
      : ['generation_config.json: max_length must stay within n_positions']),
    ...(/^---\n[\s\S]*library_name: transformers[\s\S]*\n---\n/.test(text['README.md'])
      ? []
      : ['README.md lacks the model card metadata (library_name: transformers)']),
  ];
  return { problems, config, tensors: weights.tensors, metadata: weights.metadata, text };
}
