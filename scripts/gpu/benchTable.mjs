// npm run bench:gpu's report: the loss-curve comparison (reference ops against the WebGPU kernels
// from one seed) and the Markdown tables written to bench/results-gpu.md and printed.

/**
 * How far apart the two loss curves (same seed, same batches) may be, in nats, at any step. Float32
 * differences of ~1e-6 per step (the parity suite's) are amplified by training itself, step after
 * step; measured: tiny, 300 steps on SwiftShader, README Performance.
 */
export const CURVE_TOLERANCE = 0.05;

/** The curves' largest and mean |Δloss| (nats) and whether the largest is within CURVE_TOLERANCE. */
export function compareCurves(reference, fused) {
  const n = Math.min(reference.length, fused.length);
  let maxDiff = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(reference[i] - fused[i]);
    maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
    sum += d;
  }
  return {
    steps: n,
    maxDiff,
    meanDiff: sum / Math.max(n, 1),
    first: [reference[0], fused[0]],
    last: [reference[n - 1], fused[n - 1]],
    ok: n > 0 && maxDiff <= CURVE_TOLERANCE,
  };
}

const fmt = (x, digits = 0) =>
  x == null || !Number.isFinite(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const s = (ms) => fmt(ms / 1000, 1);
const mb = (bytes) => fmt(bytes / 2 ** 20, 2);
const ratio = (ours, theirs) => (ours && theirs ? `${fmt(ours / theirs, 3)}×` : '—');

/** The report as Markdown: the device, one row per preset, the curves, parity, PyTorch. */
export function benchMarkdown(report) {
  const runs = report.runs.filter((r) => !r.error);
  const adapter = runs[0]?.adapter ?? report.parity?.summary ?? 'no run finished';
  const presets = [...new Set(report.runs.map((r) => r.preset))];
  const main = (p) => runs.find((r) => r.preset === p && r.warmup === 'off') ?? runs.find((r) => r.preset === p);
  const warm = (p) => runs.find((r) => r.preset === p && r.warmup === 'on');
  const torch = (p) => report.pytorch?.[p] ?? {};
  const lines = [
    `WebGPU through Dawn in Node, adapter: **${adapter}**; ${report.date}; ${report.durationSeconds ?? '?'} s in all.`,
    ...(report.note ? ['', report.note] : []),
    '',
    '| preset | ops | tokens/s | median step ms | first step s (warm-up off) | warm-up s (pipelines) + first step s (on) | × PyTorch eager | × torch.compile | dispatches/step | submits/step | model GFLOP/s | matMul ceiling GFLOP/s | efficiency | JS share of a step | tensors step 1 → N | GPU MB step 1 → N |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of presets) {
    const r = main(p);
    if (!r) {
      lines.push(`| ${p} | failed: ${report.runs.find((x) => x.preset === p)?.error ?? '?'} |`);
      continue;
    }
    const w = warm(p);
    const t = torch(p);
    const warmCell = w ? `${s(w.shaderWarmup?.ms)} (${w.shaderWarmup?.pipelines ?? '—'}) + ${s(w.firstStepMs)}` : '—';
    const mem = r.memoryAfter && r.memoryAfter.step > 1;
    lines.push(
      `| ${p} | ${r.ops} | ${fmt(r.tokensPerSecond)} | ${fmt(r.medianStepMs, 1)} | ${s(r.firstStepMs)} (${fmt(r.firstStepMs / r.medianStepMs, 1)}× median) | ${warmCell} | ${ratio(r.tokensPerSecond, t.eager?.tokensPerSecond)} | ${ratio(r.tokensPerSecond, t.compiled?.tokensPerSecond)} | ${fmt(r.dispatchesPerStep)} | ${fmt(r.submitsPerStep, 1)} | ${fmt(r.modelGflops, 2)} | ${fmt(r.ceiling?.gflops, 2)} | ${r.ceiling ? fmt(r.modelGflops / r.ceiling.gflops, 2) : '—'} | ${fmt(100 * r.jsShare, 1)} % | ${r.memoryAtStep1.numTensors} → ${mem ? `${r.memoryAfter.numTensors} (step ${r.memoryAfter.step})` : '—'} | ${mb(r.memoryAtStep1.numBytesInGPU)} → ${mem ? mb(r.memoryAfter.numBytesInGPU) : '—'} |`,
    );
  }
  const torchRows = presets
    .map((p) => [p, torch(p)])
    .filter(([, t]) => t.eager || t.error)
    .map(([p, t]) =>
      t.error
        ? `| ${p} | ${t.error} |`
        : `| ${p} | ${t.eager?.device ?? t.device} | ${fmt(t.eager?.tokensPerSecond)} | ${t.compiled?.tokensPerSecond ? fmt(t.compiled.tokensPerSecond) : `— (${t.compiled?.unavailable ?? '?'})`} | ${t.eager?.torch ?? '—'} |`,
    );
  if (torchRows.length)
    lines.push(
      '',
      'PyTorch on the same machine (`scripts/reference_pytorch.py`, same model, data and schedule):',
      '',
      '| preset | device | eager tokens/s | torch.compile tokens/s | torch |',
      '| --- | --- | --- | --- | --- |',
      ...torchRows,
    );
  const c = report.curves;
  if (c) {
    lines.push(
      '',
      c.error
        ? `Loss curves: ${c.error}`
        : `Loss curves, ${c.preset}, ${c.steps} steps from one seed: reference ops ${fmt(c.first[0], 3)} → ${fmt(c.last[0], 3)}, WebGPU kernels ${fmt(c.first[1], 3)} → ${fmt(c.last[1], 3)}; largest |Δ| ${c.maxDiff.toExponential(2)} nats, mean ${c.meanDiff.toExponential(2)} (${c.ok ? 'within' : '**outside**'} the stated ${CURVE_TOLERANCE} nats).`,
    );
  }
  if (report.parity)
    lines.push(
      '',
      `Parity suite, the WebGPU kernels against the reference ops on the same device: ${report.parity.summary}`,
      '',
      report.parity.table,
    );
  return lines.join('\n');
}
