// npm run speedrun's Markdown: per text, one row per page recipe and one for PyTorch, each target's
// wall time (steps, tokens) and the "words" phase, and each page row's time as a ratio of PyTorch's.
import { crossings, ratio } from './crossings.mjs';

const fmt = (n, d = 0) =>
  n === null || n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const cell = (c) => (c.reached ? `${fmt(c.seconds)} s (${fmt(c.step)} steps, ${fmt(c.tokens / 1000)}k tok)` : 'not reached');
const times = (r) => (r === null ? '—' : `${r.toFixed(2)}×`);

/** Wall ms per step over the run, and the ms inside each step (the rest is between steps). */
const stepCost = (run) =>
  run.lastStep > 0
    ? `${fmt((1000 * run.lastStepSeconds) / run.lastStep)} (${run.stepsTimed ? fmt((1000 * run.inStepSeconds) / run.stepsTimed) : '—'})`
    : '—';
const between = (run) =>
  run.lastStepSeconds > 0 && run.inStepSeconds !== undefined ? `${Math.round(100 * (1 - run.inStepSeconds / run.lastStepSeconds))} %` : '—';

/** Crossings of one measured run (page or PyTorch). */
export const crossingsOf = (run, targets) => crossings(run.evals, run.samples, targets, run.tokensPerStep);

/** @param report the speedrun's JSON (scripts/speedrun.mjs) */
export function speedrunTable(report) {
  const out = [];
  for (const text of report.texts) {
    const targets = text.targets;
    out.push(`### ${text.name}: validation loss targets ${targets.join(', ')} nats/char\n`);
    const head = [
      'run',
      'recipe',
      ...targets.map((t) => `to ${t}`),
      'to "words"',
      ...targets.map((t) => `${t}: × PyTorch`),
      'words: × PyTorch',
      'ms/step (inside the step)',
      'between steps',
      'load avg',
    ];
    out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    const torch = text.pytorch && !text.pytorch.error ? crossingsOf(text.pytorch, targets) : null;
    for (const run of text.runs) {
      if (run.error) {
        out.push(`| ${run.label} | ${run.recipe ?? ''} | failed: ${run.error} |`);
        continue;
      }
      const c = crossingsOf(run, targets);
      const where = `${run.backend}${run.threads ? `, ${run.threads} thread${run.threads > 1 ? 's' : ''}` : ''}`;
      out.push(
        `| ${run.label} (page, ${where}) | ${run.recipe} | ${c.targets.map(cell).join(' | ')} | ${cell(c.words)} | ${c.targets.map((t, i) => times(ratio(t, torch?.targets[i]))).join(' | ')} | ${times(ratio(c.words, torch?.words))} | ${stepCost(run)} | ${between(run)} | ${run.load ? `${run.load.mean.toFixed(1)} (${run.load.min.toFixed(1)}–${run.load.max.toFixed(1)})` : '—'} |`,
      );
    }
    if (torch) {
      const p = text.pytorch;
      out.push(
        `| PyTorch ${p.torch}, ${p.threads} threads | nanoGPT baby: AdamW 1e-3, warm-up 100, cosine over ${text.pytorchMaxSteps} | ${torch.targets.map(cell).join(' | ')} | ${cell(torch.words)} | ${torch.targets.map(() => '1×').join(' | ')} | 1× | ${fmt(p.msPerStep)} | evaluation and samples not counted | ${p.load ? `${p.load.mean.toFixed(1)} (${p.load.min.toFixed(1)}–${p.load.max.toFixed(1)})` : '—'} |`,
      );
    } else if (text.pytorch?.error) out.push(`| PyTorch | failed: ${text.pytorch.error} |`);
    out.push('');
  }
  return out.join('\n');
}
