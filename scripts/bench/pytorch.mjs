// The PyTorch yardstick (--pytorch): scripts/reference_pytorch.py on the same machine, the same
// preset, corpus and schedule, read back from its one JSON line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A Python that has torch: $PYTHON, else Debian's /usr/bin/python3 (where python3-torch lives), else python3. */
export function findPython() {
  return process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

/**
 * Trains `preset` for `steps` steps in PyTorch and returns its figures (tokensPerSecond,
 * msPerStep, threads, blas, …), or { error } with the script's own words.
 */
export function runPytorch(preset, steps, threads) {
  const python = findPython();
  const args = ['scripts/reference_pytorch.py', '--preset', preset, '--steps', String(steps), '--json'];
  if (threads) args.push('--threads', String(threads));
  const out = spawnSync(python, args, { encoding: 'utf8', timeout: 900_000 });
  if (out.status !== 0)
    return { error: `${python} ${args.join(' ')} failed: ${(out.stderr || out.stdout || String(out.error)).trim().split('\n').at(-1)}` };
  const line = out.stdout.trim().split('\n').at(-1);
  try {
    return { python, ...JSON.parse(line) };
  } catch {
    return { error: `reference_pytorch.py printed no JSON line (last line: ${line})` };
  }
}
