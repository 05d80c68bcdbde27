// Compressing text with a model (tfjs CPU backend): a known model on a known string gives a known
// size, within a byte of its information content; both tokenizers round-trip exactly (empty text,
// one character, text longer than the context, characters of several UTF-8 bytes); the encoder
// reads bit-for-bit the logits the decoder reads; each table is the logits at the right position
// of the whole text; and a file from another model, a damaged one, or a text the tokenizer cannot
// write is refused. No tensor is leaked.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createGPT, forward, type GPT } from './gpt';
import type { GPTConfig } from './config';
import { compressText, decompressFile, ModelMismatch, OutsideAlphabet, type CoderIdentity } from './textCompression';
import { modelChecksum } from './modelChecksum';
import { modelPredictor, startToken } from './modelPredictor';
import { buildCharTokenizer } from '../data/charTokenizer';
import { trainBpe } from '../data/bpe';
import { createRng } from '../data/rng';
import { informationBits } from '../data/sequenceCoder.testAid';
import { CompressedFileError, writeCompressedFile } from '../data/compressedFile';
import { OutputsNotFinite } from '../protocol/errors';
import { tableFromLogits } from '../data/frequencies';
import type { Tokenizer } from '../data/tokenizer';

const corpus = 'the cat sat on the mat.\nthe dog ate the hat, and the cat ran off!\n';
const chars = buildCharTokenizer(corpus);
const config = (V: number): GPTConfig => ({ vocabSize: V, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 16 });

/** A seeded model with a scaled-up embedding, so its distributions are far from uniform. */
function peakyModel(V: number, seed = 1): GPT {
  const model = createGPT(config(V), createRng(seed));
  const wte = model.params['wte.weight'];
  wte.assign(tf.tidy(() => tf.mul(wte, 12)));
  return model;
}

async function identity(model: GPT, tokenizer: Tokenizer): Promise<CoderIdentity> {
  return { modelChecksum: await modelChecksum(model, tokenizer), backend: 'cpu', kernels: 'fused', step: 7, savedId: 'test-run' };
}

async function roundTrip(model: GPT, tokenizer: Tokenizer, text: string) {
  const who = await identity(model, tokenizer);
  const compressed = await compressText(model, tokenizer, text, who);
  const { text: back } = await decompressFile(model, tokenizer, compressed.file, who);
  expect(back).toBe(text);
  return compressed;
}

describe('a known model on a known string', () => {
  it('gives a known size, within a byte of the information content', async () => {
    const model = peakyModel(chars.vocabSize);
    const text = 'the cat ate the hat.\nthe dog sat on the mat, and ran off!';
    const { file, headerBytes, tokens } = await roundTrip(model, chars, text);
    const ideal = (await informationBits(chars.encode(text).ids, modelPredictor(model, startToken(chars)))) / 8;
    const code = file.length - headerBytes;
    expect(tokens).toBe(text.length);
    expect(Math.abs(code - ideal)).toBeLessThanOrEqual(1);
    expect(code).toBe(KNOWN_CODE_BYTES); // this model, this string: a regression guard on the whole pipeline
    model.dispose();
  });
});
/** Measured once (tfjs 4.22, CPU backend): 41 bytes for 57 characters; the information content is 40.25 bytes. */
const KNOWN_CODE_BYTES = 41;

describe('round trips', () => {
  it('character tokenizer: empty, one character, longer than the context', async () => {
    const model = peakyModel(chars.vocabSize, 2);
    const before = tf.memory().numTensors;
    for (const text of ['', 't', 'ttttttttttttttttttttttttttttt', corpus.repeat(3)]) await roundTrip(model, chars, text);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('BPE: characters of several bytes split across tokens', async () => {
    const text = 'Ahab 🐋 saw the whale; «Pequod» sailed — café, naïve, 中文.\n';
    const bpe = trainBpe(text.repeat(4) + corpus, 300);
    const model = peakyModel(bpe.vocabSize, 3);
    for (const t of ['', 'é', text, text.repeat(3)]) await roundTrip(model, bpe, t);
    model.dispose();
  });
});

describe('the encoder computes every distribution the decoder does', () => {
  it('bit for bit, one token at a time', async () => {
    const model = peakyModel(chars.vocabSize, 4);
    const who = await identity(model, chars);
    const text = corpus.slice(0, 40);
    const [encoded, decoded]: Float32Array[][] = [[], []];
    const { file } = await compressText(model, chars, text, who, { onTable: (l) => encoded.push(l.slice()) });
    await decompressFile(model, chars, file, who, { onTable: (l) => decoded.push(l.slice()) });
    expect(decoded).toHaveLength(text.length);
    decoded.forEach((row, i) => expect(row, `token ${i}`).toEqual(encoded[i]));
    model.dispose();
  });

  it("each table is the model's distribution at that position of the whole text", async () => {
    const model = peakyModel(chars.vocabSize, 5);
    const ids = chars.encode(corpus.slice(0, 7)).ids; // with the start token: 8 = blockSize
    const full = [startToken(chars), ...ids];
    const logits = forward(model, tf.tensor2d(full, [1, full.length], 'int32'));
    const rows = ((await logits.array()) as number[][][])[0];
    logits.dispose();
    const predict = modelPredictor(model, startToken(chars));
    for (let i = 0; i < ids.length; i++) {
      const table = await predict(ids.slice(0, i));
      expect([...table.freq]).toEqual([...tableFromLogits(Float32Array.from(rows[i])).freq]);
    }
    model.dispose();
  });
});

describe('refusals', () => {
  it('a file from another model is refused before anything is decoded', async () => {
    const a = peakyModel(chars.vocabSize, 6);
    const b = peakyModel(chars.vocabSize, 7);
    const { file } = await compressText(a, chars, 'the cat', await identity(a, chars));
    await expect(decompressFile(b, chars, file, await identity(b, chars))).rejects.toBeInstanceOf(ModelMismatch);
    const onWasm = { ...(await identity(a, chars)), backend: 'wasm' as const };
    await expect(decompressFile(a, chars, file, onWasm)).rejects.toBeInstanceOf(ModelMismatch);
    a.dispose();
    b.dispose();
  });

  it('one changed weight changes the checksum', async () => {
    const model = peakyModel(chars.vocabSize, 8);
    const before = await modelChecksum(model, chars);
    const bias = model.params['ln_f.bias'];
    bias.assign(tf.tidy(() => tf.add(bias, tf.oneHot([3], bias.shape[0]).reshape(bias.shape).mul(1e-6))));
    expect(await modelChecksum(model, chars)).not.toBe(before);
    model.dispose();
  });

  it('a damaged code is caught by the text checksum', async () => {
    const model = peakyModel(chars.vocabSize, 9);
    const who = await identity(model, chars);
    const { file, headerBytes } = await compressText(model, chars, corpus, who);
    file[headerBytes + 3] ^= 0x10;
    await expect(decompressFile(model, chars, file, who)).rejects.toBeInstanceOf(CompressedFileError);
    model.dispose();
  });

  it('a character outside the alphabet cannot be compressed, and says which', async () => {
    const model = peakyModel(chars.vocabSize, 10);
    const refused = compressText(model, chars, 'the cät', await identity(model, chars));
    await expect(refused).rejects.toBeInstanceOf(OutsideAlphabet);
    await expect(refused).rejects.toMatchObject({ skipped: ['ä'] });
    model.dispose();
  });

  it('diverged weights are said as such, by Compress and by Decompress (not as a damaged file)', async () => {
    const model = peakyModel(chars.vocabSize, 11);
    const bias = model.params['ln_f.bias'];
    bias.assign(tf.fill(bias.shape, NaN));
    const who = await identity(model, chars);
    await expect(compressText(model, chars, 'the cat', who)).rejects.toBeInstanceOf(OutputsNotFinite);
    const header = { tokenizer: 'char' as const, vocabSize: chars.vocabSize, tokens: 7, characters: 7, textCrc: 0, ...who };
    const file = writeCompressedFile(header, Uint8Array.of(0x42, 0x17));
    await expect(decompressFile(model, chars, file, who)).rejects.toBeInstanceOf(OutputsNotFinite);
    model.dispose();
  });
});
