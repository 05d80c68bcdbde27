// The parity suite in one call: every case (parityCases.ts) on the current tfjs backend, op by op
// (parityOpChecks.ts) and as a whole model (parityCompare.ts), and a report of what it found. Vitest runs it on
// the CPU and WASM backends (parity.test.ts); scripts/gpu/parity.mjs runs it on WebGPU in Node
// through Dawn (npm test on SwiftShader; npm run test:gpu on whatever adapter the machine has).
import type { BackendName } from '../protocol/settings';
import { opsFor } from '../kernels/ops';
import { AWKWARD_CASES, presetCases, type ParityCase } from './parityCases';
import { compareModel, type Check } from './parityCompare';
import { compareOps } from './parityOpChecks';

export interface CaseResult {
  case: string;
  checks: Check[];
  ms: number;
}

export interface SuiteOptions {
  /** Presets at full depth and batch (a real GPU); default one layer, batch 2. */
  full?: boolean;
  /** Run each implementation twice and require the same bits (default true). */
  repeat?: boolean;
  /** Only cases whose name includes one of these (default all). */
  only?: string[];
  /** Called after each case, e.g. to print progress. */
  onCase?: (r: CaseResult) => void;
}

/** The cases a run checks: every preset's, then the awkward shapes. */
export function suiteCases({ full = false, only }: SuiteOptions = {}): ParityCase[] {
  const all = [...presetCases(full), ...AWKWARD_CASES];
  return only?.length ? all.filter((c) => only.some((o) => c.name.includes(o))) : all;
}

/**
 * Runs the suite on the current tfjs backend, `backend` naming it: the implementation
 * opsFor(backend, 'fused') against opsFor(backend, 'reference').
 * @returns one result per case; a case passes when all its checks are ok.
 */
export async function runParity(backend: BackendName, options: SuiteOptions = {}): Promise<CaseResult[]> {
  const repeat = options.repeat ?? true;
  const results: CaseResult[] = [];
  for (const c of suiteCases(options)) {
    const start = performance.now();
    const checks = [...(await compareOps(backend, c, repeat)), ...(await compareModel(backend, c, repeat))];
    const r = { case: c.name, checks, ms: performance.now() - start };
    options.onCase?.(r);
    results.push(r);
  }
  return results;
}

/** The largest difference over checks matching `what` (prefix), with the reference's scale there. */
function largest(checks: Check[], prefix: string): string {
  const own = checks.filter((c) => c.what.startsWith(prefix) && !c.what.includes('run twice'));
  if (!own.length) return '—';
  const worst = own.reduce((a, b) => (b.diff / (b.scale || 1) > a.diff / (a.scale || 1) ? b : a));
  return `${worst.diff.toExponential(1)} (of ${worst.scale.toExponential(1)}, ${worst.what})`;
}

/** A Markdown table of the results: per case, the largest differences and the double run's verdict. */
export function parityTable(backend: BackendName, results: CaseResult[]): string {
  const label = opsFor(backend, 'fused').label;
  const rows = results.map((r) => {
    const failed = r.checks.filter((c) => !c.ok);
    const twice = r.checks.filter((c) => c.what.includes('run twice'));
    const atomic = twice.filter((c) => c.what.includes('atomics') && c.diff > 0);
    const repeat = !twice.length
      ? '—'
      : `${twice.filter((c) => c.ok).length}/${twice.length} ok${atomic.length ? `; atomics differ by ≤ ${Math.max(...atomic.map((c) => c.diff)).toExponential(1)}` : ', all bit-identical'}`;
    const ops = r.checks.filter((c) => /^(embed|linear|layerNorm|gelu|causalAttention|head|crossEntropy) /.test(c.what));
    const worstOp = ops.length ? largest(ops, '') : '—';
    return `| ${r.case} | ${failed.length ? `**${failed.length} failed**: ${failed.map((c) => c.what).join(', ')}` : 'pass'} | ${worstOp} | ${largest(r.checks, 'logits')} | ${largest(r.checks, 'grad ')} | ${largest(r.checks, 'step ')} | ${repeat} | ${(r.ms / 1000).toFixed(1)} |`;
  });
  return [
    `${label} against the reference ops, on ${backend}:`,
    '',
    '| case | verdict | worst op (value or grad) | logits | worst gradient | worst after one AdamW step | double run | s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
