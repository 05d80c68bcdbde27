// The Hugging Face export's folder, as transformers would read it (huggingfaceReader.ts): GPT-2's
// config, GPT2LMHeadModel's names and shapes holding our exact weights, the tokenizer files, the
// card; and each kind of mistake (a name, a shape, a config key, a tokenizer file) is caught.
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPrompt, huggingFaceFolder, zipFolder, type HuggingFaceExportInfo } from './huggingfaceExport';
import { checkHuggingFaceFolder, unzipFolder } from './huggingfaceReader';
import { createGPT } from './gpt';
import { paramSpecs, type GPTConfig } from './config';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { readVariables } from './weights';
import { trainBpe } from '../data/bpe';
import { buildCharTokenizer } from '../data/charTokenizer';
import { normaliseText } from '../data/corpus';
import { createRng } from '../data/rng';
import type { Tokenizer } from '../data/tokenizer';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';

const text = normaliseText(
  'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse. '.repeat(6),
);
const shape = { blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 };
const settings: RunSettings = { ...DEFAULT_SETTINGS, preset: 'tiny', ...shape, batchSize: 4, maxSteps: 200 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A seeded model's export info with `tokenizer`, and the files it becomes (zipped and read back). */
async function exported(tokenizer: Tokenizer) {
  const config: GPTConfig = { vocabSize: tokenizer.vocabSize, ...shape };
  const model = createGPT(config, createRng(5));
  const weights = await readVariables(model.params);
  model.dispose();
  const folderName = 'whale-step42-hf';
  const card = {
    folderName,
    textName: 'Whale',
    textFiles: ['whale.txt'],
    characters: 600,
    trainTokens: 540,
    valTokens: 60,
    valLoss: 2.5,
    link: 'http://127.0.0.1/?preset=tiny',
  };
  const check = { ...checkPrompt(text, tokenizer, shape.blockSize), logits: new Float32Array(config.vocabSize) };
  const info: HuggingFaceExportInfo = { config, weights, tokenizer: tokenizer.spec(), settings, step: 42, card, check };
  const folder = unzipFolder(zipFolder(folderName, huggingFaceFolder(info)));
  expect(folder.name).toBe(folderName);
  return { info, files: folder.files };
}

/** The folder with one file replaced. */
const withFile = (files: Record<string, Uint8Array>, name: string, content: string | Uint8Array) => ({
  ...files,
  [name]: typeof content === 'string' ? strToU8(content) : content,
});
const json = (files: Record<string, Uint8Array>, name: string) => JSON.parse(strFromU8(files[name])) as Record<string, unknown>;

describe('Hugging Face export', () => {
  it('is a GPT-2 folder holding our weights under GPT2LMHeadModel names (character tokenizer)', async () => {
    const { info, files } = await exported(buildCharTokenizer(text));
    const report = checkHuggingFaceFolder(files);
    expect(report.problems).toEqual([]);
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.md',
        'config.json',
        'generation_config.json',
        'model.safetensors',
        'playground_logits.json',
        'tokenizer.json',
        'tokenizer_config.json',
      ].sort(),
    );
    expect(report.config).toMatchObject({
      vocab_size: info.config.vocabSize,
      n_positions: 16,
      n_embd: 16,
      n_layer: 2,
      n_head: 2,
      activation_function: 'gelu_new',
    });
    expect(report.tensors).toHaveLength(paramSpecs(info.config).length);
    for (const { name } of paramSpecs(info.config)) {
      expect(report.tensors.find((t) => t.name === `transformer.${name}`)?.data).toEqual(info.weights[name]); // bit for bit, linears not transposed
    }
    expect(report.metadata.format).toBe('pt');
    expect(JSON.parse(report.metadata.tokenizer)).toEqual(info.tokenizer);
    expect(JSON.parse(report.metadata.step)).toBe(42);
    expect(JSON.parse(report.metadata.settings)).toEqual(settings);
    expect(json(files, 'tokenizer_config.json').tokenizer_class).toBe('PreTrainedTokenizerFast');
    expect(json(files, 'playground_logits.json')).toMatchObject({ step: 42, prompt: info.check.prompt, ids: info.check.ids });
  });

  it('carries a byte-level BPE as GPT-2 tokenizer files', async () => {
    const { files } = await exported(trainBpe(text, 300));
    expect(checkHuggingFaceFolder(files).problems).toEqual([]);
    expect(files['vocab.json']).toBeDefined();
    expect(files['merges.txt']).toBeDefined();
    expect(json(files, 'tokenizer_config.json').tokenizer_class).toBe('GPT2Tokenizer');
  });

  it('has a card with the text, steps, tokens, validation loss and the link', async () => {
    const { files } = await exported(buildCharTokenizer(text));
    const card = strFromU8(files['README.md']);
    expect(card).toMatch(/^---\nlibrary_name: transformers\npipeline_tag: text-generation\n/);
    expect(card).toContain('**Whale**');
    expect(card).toContain('| Steps | 42 of 200, batch 4 × 16 tokens |');
    expect(card).toContain(`| Tokens seen | ${(42 * 4 * 16).toLocaleString('en-US')} |`);
    expect(card).toContain('2.5000 nats/token (perplexity 12.18)');
    expect(card).toContain('(http://127.0.0.1/?preset=tiny)');
    expect(card).toContain('from_pretrained("whale-step42-hf")');
  });

  describe('the check catches', () => {
    it('a weight under our own name, a transposed shape, an lm_head copy or our metadata format', async () => {
      const { files } = await exported(buildCharTokenizer(text));
      const file = decodeSafetensors(files['model.safetensors']);
      if (!file.ok) throw new Error(file.message);
      const rewrite = (edit: (t: { name: string; shape: number[]; data: Float32Array }) => typeof t, metadata = file.metadata) =>
        checkHuggingFaceFolder(withFile(files, 'model.safetensors', encodeSafetensors(file.tensors.map(edit), metadata))).problems;
      expect(rewrite((t) => (t.name === 'transformer.h.0.attn.c_attn.weight' ? { ...t, name: 'h.0.attn.c_attn.weight' } : t))).toEqual([
        'model.safetensors lacks transformer.h.0.attn.c_attn.weight',
        'model.safetensors has h.0.attn.c_attn.weight, which GPT2LMHeadModel does not (lm_head is tied)',
      ]);
      expect(rewrite((t) => (t.name === 'transformer.h.1.mlp.c_fc.weight' ? { ...t, shape: [64, 16] } : t))).toEqual([
        'model.safetensors: transformer.h.1.mlp.c_fc.weight is [64, 16], GPT2LMHeadModel wants [16, 64]',
      ]);
      expect(rewrite((t) => t, { ...file.metadata, format: 'pretrain-playground/1' })[0]).toMatch(
        /format "pretrain-playground\/1" is not "pt"/,
      );
      const withHead = encodeSafetensors([...file.tensors, { ...file.tensors[0], name: 'lm_head.weight' }], file.metadata);
      expect(checkHuggingFaceFolder(withFile(files, 'model.safetensors', withHead)).problems).toHaveLength(1);
    });

    it('a config key GPT2Config does not know, the erf GELU, another epsilon', async () => {
      const { files } = await exported(buildCharTokenizer(text));
      const config = json(files, 'config.json');
      const check = (edit: Record<string, unknown>) =>
        checkHuggingFaceFolder(withFile(files, 'config.json', JSON.stringify({ ...config, ...edit }))).problems;
      expect(check({ n_layers: 2 })).toEqual(['config.json has "n_layers", which GPT2Config does not know']);
      expect(check({ activation_function: 'gelu' })[0]).toMatch(/not the tanh GELU/);
      expect(check({ layer_norm_epsilon: 1e-6 })[0]).toMatch(/layer_norm_epsilon/);
      expect(check({ eos_token_id: 50256 })[0]).toMatch(/eos_token_id 50256 is not a token/);
      expect(check({ n_positions: 32 })).toContain('model.safetensors: transformer.wpe.weight is [16, 16], GPT2LMHeadModel wants [32, 16]');
    });

    it('tokenizer files that disagree, or that transformers would read differently', async () => {
      const { files } = await exported(trainBpe(text, 300));
      const merges = strFromU8(files['merges.txt']);
      expect(checkHuggingFaceFolder(withFile(files, 'merges.txt', merges.slice(0, -1))).problems).toEqual([
        'merges.txt must start with a #version line and end with a newline',
        "merges.txt differs from tokenizer.json's merges",
      ]);
      const { 'vocab.json': _vocab, ...noVocab } = files;
      expect(checkHuggingFaceFolder(noVocab).problems).toEqual(['a byte-level BPE needs vocab.json and merges.txt for GPT2Tokenizer']);
      const tokenizerConfig = json(files, 'tokenizer_config.json');
      const check = (edit: Record<string, unknown>) =>
        checkHuggingFaceFolder(withFile(files, 'tokenizer_config.json', JSON.stringify({ ...tokenizerConfig, ...edit }))).problems;
      expect(check({ eos_token: '<|endoftext|>' })).toEqual(['tokenizer_config.json: eos_token "<|endoftext|>" is not in the vocabulary']);
      expect(check({ clean_up_tokenization_spaces: true })[0]).toMatch(/clean_up_tokenization_spaces/);
      const tokenizer = json(files, 'tokenizer.json');
      const model = tokenizer.model as { vocab: Record<string, number> };
      const vocab = Object.fromEntries(Object.entries(model.vocab).map(([t, id]) => [t, id === 5 ? 500 : id]));
      const broken = JSON.stringify({ ...tokenizer, model: { ...model, vocab } });
      expect(checkHuggingFaceFolder(withFile(files, 'tokenizer.json', broken)).problems).toEqual([
        "tokenizer.json: the vocabulary's ids must be 0…299, each once",
        "vocab.json differs from tokenizer.json's vocabulary",
      ]);
    });
  });
});

describe('checkPrompt', () => {
  it("takes the text's opening that fits the context and the tokenizer", () => {
    const chars = buildCharTokenizer(text);
    expect(checkPrompt(text, chars, 16)).toEqual({ prompt: text.slice(0, 16), ids: chars.encode(text.slice(0, 16)).ids });
    expect(checkPrompt(text, chars, 64).prompt).toBe(text.slice(0, 32));
    const bpe = trainBpe(text, 300);
    const { prompt, ids } = checkPrompt(text, bpe, 64);
    expect(prompt).toBe(text.slice(0, 40));
    expect(ids).toEqual(bpe.encode(prompt).ids);
  });
});
