// A trained model as one .safetensors file that PyTorch loads (scripts/load_in_pytorch.py): the
// weights under their GPT-2 names in float32, linears [in, out] as GPT-2's Conv1D stores them, and
// in `__metadata__` what is needed to use them: the config, the tokenizer, the run's settings,
// the step. Importing checks all of it against paramSpecs before anything reaches a model.
import * as v from 'valibot';
import { paramSpecs, sizeOf, validateGPTConfig, type GPTConfig } from './config';
import type { GPT } from './gpt';
import { decodeSafetensors, encodeSafetensors, type SafetensorsTensor } from './safetensors';
import { allFiniteValues, readVariables, type NamedArrays } from './weights';
import { tokenizerFromSpec } from '../data/tokenizerSpec';
import { GPTConfigSchema } from '../protocol/gptConfig';
import { RunSettingsSchema, type RunSettings } from '../protocol/settings';
import { TokenizerSpecSchema, type TokenizerSpec } from '../protocol/tokenizerSpec';

/** `__metadata__.format` of files this version writes and reads. */
export const EXPORT_FORMAT = 'pretrain-playground/1';

export interface ExportInfo {
  tokenizer: TokenizerSpec;
  settings: RunSettings;
  /** Optimizer steps taken when the weights were read. */
  step: number;
}

export type ImportedModel =
  | { ok: true; config: GPTConfig; tokenizer: TokenizerSpec; settings: RunSettings; step: number; weights: NamedArrays }
  | { ok: false; message: string };

const StepSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Vocabulary size of a tokenizer written as data: the alphabet's length, or 256 + merges. */
const specVocabSize = (spec: TokenizerSpec): number => (spec.kind === 'char' ? spec.chars.length : 256 + spec.merges.length);

/**
 * Writes the model's weights (read back from the device: one awaited read per parameter, so call
 * it between steps) and its config, tokenizer, settings and step as a safetensors file.
 * Layout follows GPT-2/nanoGPT names; the head is tied to `wte.weight`, so there is no
 * `lm_head.weight` (nanoGPT's state_dict has one; its loader ties them too).
 * @returns the file's bytes (float32, little-endian).
 * @throws Error when the tokenizer's vocabulary size is not the model's.
 */
export async function exportSafetensors(model: GPT, info: ExportInfo): Promise<Uint8Array> {
  const { vocabSize, blockSize, nLayer, nHead, nEmbd } = model.config;
  if (specVocabSize(info.tokenizer) !== vocabSize) {
    throw new Error(`The tokenizer has ${specVocabSize(info.tokenizer)} tokens but the model's vocabulary has ${vocabSize}.`);
  }
  const arrays = await readVariables(model.params);
  const tensors: SafetensorsTensor[] = paramSpecs(model.config).map(({ name, shape }) => ({ name, shape, data: arrays[name] }));
  return encodeSafetensors(tensors, {
    format: EXPORT_FORMAT,
    config: JSON.stringify({ vocabSize, blockSize, nLayer, nHead, nEmbd }),
    tokenizer: JSON.stringify(info.tokenizer),
    settings: JSON.stringify(info.settings),
    step: JSON.stringify(info.step),
  });
}

type Field<T> = { ok: true; value: T } | { ok: false; message: string };

/** One metadata entry: a JSON string, parsed and then checked with its schema. */
function metadataField<T>(metadata: Record<string, string>, key: string, schema: v.GenericSchema<unknown, T>): Field<T> {
  const text = metadata[key];
  if (text === undefined) return { ok: false, message: `The file's metadata has no "${key}".` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `The file's metadata "${key}" is not valid JSON.` };
  }
  const parsed = v.safeParse(schema, json);
  if (parsed.success) return { ok: true, value: parsed.output };
  const path = v.getDotPath(parsed.issues[0]);
  return { ok: false, message: `The file's metadata "${key}" is malformed: ${path ? `${path}: ` : ''}${parsed.issues[0].message}` };
}

/** Misfits between the file's tensors and the parameters its config needs, each named. */
function weightProblems(config: GPTConfig, tensors: readonly SafetensorsTensor[]): string[] {
  const specs = paramSpecs(config);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const wanted = new Set(specs.map((s) => s.name));
  const problems: string[] = [];
  for (const { name, shape } of specs) {
    const t = byName.get(name);
    if (!t) problems.push(`${name} is missing`);
    else if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      problems.push(`${name} has shape [${t.shape.join(', ')}], the config needs [${shape.join(', ')}]`);
    } else if (!allFiniteValues(t.data)) problems.push(`${name} holds a value that is not a finite number`);
  }
  for (const { name } of tensors) if (!wanted.has(name)) problems.push(`${name} is not a parameter of this model`);
  return problems;
}

/**
 * Reads a file written by exportSafetensors, checking everything before returning it: the
 * safetensors structure (safetensors.ts), the format tag, each metadata entry against its schema,
 * the tokenizer (it must rebuild, and its vocabulary be the config's), and every tensor's name and
 * shape against paramSpecs(config): missing, extra and misshapen parameters are each named.
 * @returns the config, tokenizer, settings, step and weights (in paramSpecs order), or why not.
 */
export function importSafetensors(bytes: ArrayBuffer | Uint8Array): ImportedModel {
  const file = decodeSafetensors(bytes);
  if (!file.ok) return file;
  const { metadata, tensors } = file;
  const format = metadata.format;
  if (format === undefined) {
    return {
      ok: false,
      message:
        'This safetensors file was not exported from Pretrain Playground: its metadata has no "format", so its config and tokenizer are unknown.',
    };
  }
  if (format !== EXPORT_FORMAT) return { ok: false, message: `This file's format is "${format}"; this version reads "${EXPORT_FORMAT}".` };

  const config = metadataField(metadata, 'config', GPTConfigSchema);
  if (!config.ok) return config;
  const configErrors = validateGPTConfig(config.value);
  if (configErrors.length > 0) return { ok: false, message: `The file's config is invalid: ${configErrors.join('; ')}.` };
  const tokenizer = metadataField(metadata, 'tokenizer', TokenizerSpecSchema);
  if (!tokenizer.ok) return tokenizer;
  try {
    tokenizerFromSpec(tokenizer.value);
  } catch (e) {
    return { ok: false, message: `The file's tokenizer is corrupt: ${e instanceof Error ? e.message : String(e)}.` };
  }
  const vocab = specVocabSize(tokenizer.value);
  if (vocab !== config.value.vocabSize) {
    return {
      ok: false,
      message: `The file's tokenizer has ${vocab} tokens but its config says the vocabulary has ${config.value.vocabSize}.`,
    };
  }
  const settings = metadataField(metadata, 'settings', RunSettingsSchema);
  if (!settings.ok) return settings;
  const step = metadataField(metadata, 'step', StepSchema);
  if (!step.ok) return step;

  const problems = weightProblems(config.value, tensors);
  if (problems.length > 0) {
    const more = problems.length > 4 ? `; and ${problems.length - 4} more` : '';
    return { ok: false, message: `The weights do not fit the model the file describes: ${problems.slice(0, 4).join('; ')}${more}.` };
  }
  const byName = new Map(tensors.map((t) => [t.name, t.data]));
  const weights: NamedArrays = {};
  for (const { name, shape } of paramSpecs(config.value)) {
    const data = byName.get(name);
    if (data && data.length === sizeOf(shape)) weights[name] = data; // both held, per weightProblems
  }
  return { ok: true, config: config.value, tokenizer: tokenizer.value, settings: settings.value, step: step.value, weights };
}
