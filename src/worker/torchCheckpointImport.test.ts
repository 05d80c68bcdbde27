// A model continued in PyTorch comes back into the page: a seeded export is trained on by
// scripts/train_torch.py in two processes (DistributedDataParallel, gloo), and its checkpoint goes
// through the page's own import (importRun.ts) with its step, settings and tokenizer; in tfjs its
// weights give the validation loss PyTorch measured. Skipped, saying so, where python3 has no torch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFromImport } from './importRun';
import { exportSafetensors } from '../model/exportModel';
import { createGPT } from '../model/gpt';
import { assignVariables, readVariables } from '../model/weights';
import { buildCharTokenizer } from '../data/charTokenizer';
import { normaliseText } from '../data/corpus';
import { fixedBatches } from '../data/dataset';
import { createRng } from '../data/rng';
import { evaluateValidation } from '../train/evaluation';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../scripts/train_torch.py', import.meta.url));
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch.distributed'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const text = normaliseText(readFileSync(new URL('../../public/corpus/moby-dick.txt', import.meta.url), 'utf8').slice(0, 60_000));
const settings: RunSettings = {
  ...DEFAULT_SETTINGS,
  preset: 'tiny',
  nLayer: 2,
  nHead: 2,
  nEmbd: 32,
  blockSize: 32,
  batchSize: 8,
  evalBatches: 4,
};

/** A port nobody listens on now: torchrun's default (29500) may be another run's. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(!hasTorch)(`train_torch.py checkpoints${hasTorch ? '' : ` — skipped: ${PYTHON} cannot import torch`}`, () => {
  it('import back into the page at their step, with the loss PyTorch measured', async () => {
    const chars = buildCharTokenizer(text);
    const config = { vocabSize: chars.vocabSize, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 32 };
    const model = createGPT(config, createRng(3));
    const exported = await exportSafetensors(model, { tokenizer: chars.spec(), settings, step: 20 });
    const before = await readVariables(model.params);
    const dir = mkdtempSync(join(tmpdir(), 'train-torch-'));
    try {
      writeFileSync(join(dir, 'moby-dick-step20.safetensors'), exported);
      writeFileSync(join(dir, 'moby-dick.txt'), text);
      const args = [
        '--from',
        join(dir, 'moby-dick-step20.safetensors'),
        '--text',
        join(dir, 'moby-dick.txt'),
        '--steps',
        '6',
        '--out',
        join(dir, 'runs'),
      ];
      // --redirects/--tee given as a mapping: Debian's torch 1.13 on Python 3.11 fails on their defaults (an IntFlag it cannot iterate).
      const launcher = [
        '-m',
        'torch.distributed.run',
        '--nproc_per_node=2',
        `--master_port=${await freePort()}`,
        '--redirects',
        '9:1',
        '--tee',
        '9:1',
      ];
      const run = spawnSync(PYTHON, [...launcher, SCRIPT, ...args], { encoding: 'utf8', timeout: 240_000 });
      if (run.status !== 0) throw new Error(`train_torch.py failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
      expect(run.stdout).toContain('2 process(es) on cpu (gloo)');
      const log = JSON.parse(readFileSync(join(dir, 'runs', 'moby-dick-step26.train_torch.json'), 'utf8')) as {
        val: [number, number][];
        world: number;
      };
      expect(log.world).toBe(2);

      const name = 'moby-dick-step26.safetensors';
      const bytes = readFileSync(join(dir, 'runs', name));
      const source = {
        name: 'Moby Dick',
        names: ['Moby Dick'],
        bytes: text.length,
        text,
        origin: { kind: 'book' as const, id: 'moby-dick' as const },
        notices: [],
      };
      const restored = runFromImport(name, new Uint8Array(bytes).buffer, source, 'cpu', () => null);
      const { checkpoint } = restored.from;
      expect(checkpoint.step).toBe(26);
      expect(restored.settings).toEqual({ ...settings, backend: 'cpu' });
      expect(restored.corpus.tokenizer.spec()).toEqual(chars.spec());
      expect(checkpoint.weights['h.1.mlp.c_fc.weight']).not.toEqual(before['h.1.mlp.c_fc.weight']); // trained

      assignVariables(model.params, checkpoint.weights);
      const windows = fixedBatches(restored.corpus.split.val, settings.evalBatches, settings.batchSize, settings.blockSize);
      const evaluated = await evaluateValidation(model, windows, () => false);
      const [step, torchLoss] = log.val.at(-1)!;
      expect(step).toBe(26);
      expect(Math.abs(evaluated!.valLoss - torchLoss)).toBeLessThan(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      model.dispose();
    }
  });
});
