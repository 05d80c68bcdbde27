// Out to PyTorch and back, as a person does it: export from the page, train on in two processes
// with scripts/train_torch.py (DistributedDataParallel under torch.distributed.run, gloo on the
// CPU), and Import model brings the checkpoint back at its step, ready to train on. Skipped,
// saying so, where /usr/bin/python3 has no torch (CI has none).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, open, runState, stat, test, TINY } from './playground';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch.distributed'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const SCRIPT = fileURLToPath(new URL('../scripts/train_torch.py', import.meta.url));
const TEXT = fileURLToPath(new URL('../public/corpus/moby-dick.txt', import.meta.url));

/** A port nobody listens on now: torchrun's default (29500) may be another run's. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test(`a model trained on in PyTorch (2 processes) imports back into the page${hasTorch ? '' : ` — skipped: ${PYTHON} has no torch`}`, async ({
  page,
  watch,
}) => {
  test.skip(!hasTorch, `${PYTHON} cannot import torch`);
  void watch;
  await open(page, { ...TINY, backend: 'cpu' });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect.poll(() => stat(page, 'step'), { timeout: 90_000 }).toBeGreaterThanOrEqual(4);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(runState(page)).toHaveText('Paused');
  const step = await stat(page, 'step');
  const panel = page.getByRole('region', { name: 'Saved runs and export' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export model (.safetensors)' }).click(),
  ]);

  const dir = mkdtempSync(join(tmpdir(), 'torch-e2e-'));
  try {
    const exported = join(dir, download.suggestedFilename());
    writeFileSync(exported, readFileSync((await download.path())!));
    // --redirects/--tee as a mapping: Debian's torch 1.13 on Python 3.11 fails on their defaults.
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
    const args = ['--from', exported, '--text', TEXT, '--steps', '5', '--out', dir];
    const run = spawnSync(PYTHON, [...launcher, SCRIPT, ...args], { encoding: 'utf8', timeout: 240_000 });
    if (run.status !== 0) throw new Error(`train_torch.py failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
    expect(run.stdout).toContain('2 process(es) on cpu (gloo)');

    const name = `moby-dick-step${step + 5}.safetensors`;
    await panel
      .getByLabel('Model file to import')
      .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: readFileSync(join(dir, name)) });
    await expect.poll(() => stat(page, 'step')).toBe(step + 5);
    await expect(runState(page)).toHaveText('Paused');
    await expect(page.locator('.alert.notice').last()).toContainText(`Imported ${name}`);
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect.poll(() => stat(page, 'step'), { timeout: 90_000 }).toBeGreaterThan(step + 6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
