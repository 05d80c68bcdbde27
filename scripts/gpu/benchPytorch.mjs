// The yardstick of npm run bench:gpu: scripts/reference_pytorch.py (same model, data and schedule)
// on the same machine, on its CUDA GPU where torch sees one (else the CPU, said so), eager and with
// torch.compile where that torch has it. Self-contained (node: only) so the packed device folder
// can run it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A Python that imports torch: `preferred`, $PYTHON, /usr/bin/python3, python3; or null. */
function findTorchPython(preferred) {
  const candidates = [preferred, process.env.PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
  return (
    candidates.find(
      (p) => (p.includes('/') ? existsSync(p) : true) && spawnSync(p, ['-c', 'import torch'], { timeout: 60_000 }).status === 0,
    ) ?? null
  );
}

/** 'cuda' when this torch sees a GPU, else 'cpu'. */
function torchDevice(python) {
  const r = spawnSync(python, ['-c', 'import torch; print("cuda" if torch.cuda.is_available() else "cpu")'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return r.stdout?.trim() === 'cuda' ? 'cuda' : 'cpu';
}

/** One reference_pytorch.py run: its JSON line, or { error } with its last words. */
function runOnce(python, preset, device, steps, compile, timeoutS) {
  const args = [
    'scripts/reference_pytorch.py',
    '--preset',
    preset,
    '--steps',
    String(steps),
    '--device',
    device,
    '--json',
    ...(compile ? ['--compile'] : []),
  ];
  const r = spawnSync(python, args, { encoding: 'utf8', timeout: timeoutS * 1000 });
  const last = (r.stdout ?? '').trim().split('\n').at(-1);
  if (r.status === 0) {
    try {
      return JSON.parse(last);
    } catch {
      // fall through to the error
    }
  }
  return { error: `${python} ${args.join(' ')}: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').at(-1)}` };
}

/**
 * PyTorch's figures for a preset: { python, device, eager, compiled } (each reference_pytorch.py's
 * JSON: tokensPerSecond, msPerStep, compiled …), or { error } where no Python has torch.
 */
export function pytorchFigures(preset, { steps = 60, python, timeoutS = 900, compile = true } = {}) {
  const py = findTorchPython(python);
  if (!py) return { error: 'no Python with torch found (set --python or $PYTHON)' };
  const device = torchDevice(py);
  const eager = runOnce(py, preset, device, steps, false, timeoutS);
  if (!compile) return { python: py, device, eager, compiled: { unavailable: 'not asked for (--compile-presets)' } };
  const compiled = runOnce(py, preset, device, steps, true, timeoutS);
  return {
    python: py,
    device,
    eager,
    compiled: compiled.compiled === 'yes' ? compiled : { unavailable: compiled.compiled ?? compiled.error },
  };
}
