// The cost estimator at scale: GPT-2 small, GPT-2 XL and GPT-3, as trained and Chinchilla-optimal,
// timed on this device at its measured FLOP/s and on a cluster of datacenter GPUs, and priced.
// The cluster's peak, utilisation, size and price are the person's to change; sources on the page.
import { useState } from 'react';
import { usePlayground } from '../store/store';
import { CLUSTER_RANGES, DEFAULT_CLUSTER, PEAK_SOURCE, estimateTable, type ClusterAssumptions } from '../protocol/costEstimate';
import { parseInRange, type NumberRange } from '../protocol/range';
import { formatCompact, formatDollars, formatSI, formatSpan } from '../protocol/units';
import { NumberField } from './NumberField';
import { fmtInt } from './format';

type FieldKey = keyof typeof CLUSTER_RANGES;

const INITIAL: Record<FieldKey, string> = {
  peakTflops: String(DEFAULT_CLUSTER.peakFlopsPerSecond / 1e12),
  utilisationPercent: String(DEFAULT_CLUSTER.utilisation * 100),
  gpuCount: String(DEFAULT_CLUSTER.gpuCount),
  pricePerGpuHour: String(DEFAULT_CLUSTER.pricePerGpuHour),
};

/** The person's fields as assumptions, or the message of each bad one. */
function readFields(text: Record<FieldKey, string>): { cluster: ClusterAssumptions | null; errors: Partial<Record<FieldKey, string>> } {
  const errors: Partial<Record<FieldKey, string>> = {};
  const value = (k: FieldKey): number => {
    const r = parseInRange(CLUSTER_RANGES[k] as NumberRange, text[k]);
    if (r.ok) return r.value;
    errors[k] = r.message;
    return NaN;
  };
  const cluster = {
    peakFlopsPerSecond: value('peakTflops') * 1e12,
    utilisation: value('utilisationPercent') / 100,
    gpuCount: value('gpuCount'),
    pricePerGpuHour: value('pricePerGpuHour'),
  };
  return { cluster: Object.keys(errors).length === 0 ? cluster : null, errors };
}

const approx = (s: string): string => (s === '—' ? s : `≈ ${s}`);

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** 1.03e21 → "1.0 × 10²¹" (FLOP counts past any SI prefix a person knows). */
function scientific(n: number): string {
  const [mantissa, exponent] = n.toExponential(1).split('e');
  return `${mantissa} × 10${[...String(Number(exponent))].map((d) => SUPERSCRIPT[Number(d)] ?? d).join('')}`;
}

export function CostEstimator() {
  const measured = usePlayground((s) => s.measuredFlops);
  const [text, setText] = useState(INITIAL);
  const { cluster, errors } = readFields(text);
  const rows = estimateTable(measured?.flopsPerSecond, cluster ?? DEFAULT_CLUSTER);
  const gpus = cluster?.gpuCount ?? DEFAULT_CLUSTER.gpuCount;
  return (
    <section className="card cost-estimator" aria-label="Cost estimator at scale">
      <h3>What GPT-2 and GPT-3 would cost</h3>
      <p className="muted" data-testid="estimator-rate">
        {measured ? (
          <>
            This device: <strong>{formatSI(measured.flopsPerSecond, 'FLOP/s')}</strong>, measured training {measured.preset} on{' '}
            {measured.backend} (step {fmtInt(measured.step)}).
          </>
        ) : (
          <>This device: not measured yet. Train a few steps to measure this device; the cluster columns need no measurement.</>
        )}
      </p>
      <div className="row fields">
        {(Object.keys(CLUSTER_RANGES) as FieldKey[]).map((k) => (
          <NumberField
            key={k}
            label={CLUSTER_RANGES[k].label}
            value={text[k]}
            error={errors[k]}
            onChange={(value) => setText((t) => ({ ...t, [k]: value }))}
          />
        ))}
      </div>
      <div className="table-scroll">
        <table className="estimate-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Tokens</th>
              <th scope="col" title="FLOPs per token (nanoGPT's 6·N + 12·L·d·T) × tokens">
                Total compute
              </th>
              <th scope="col">On this device</th>
              <th scope="col">On {fmtInt(gpus)} GPUs</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={`${r.name}-${r.budget}`}
                data-testid={`estimate-${r.name.split(' (')[0].replace(/\W+/g, '-')}-${r.budget === 'as trained' ? 'trained' : 'chinchilla'}`}
              >
                <th scope="row" title={`${formatCompact(r.params)} parameters without position embeddings; ${r.source}`}>
                  {r.name}
                  <span className="muted small"> {r.budget}</span>
                </th>
                <td title={r.tokensNote}>{formatCompact(r.tokens)}</td>
                <td title={`${formatSI(r.flopsPerToken, 'FLOP')} per token × ${formatCompact(r.tokens)} tokens`}>
                  {scientific(r.totalFlops)}
                </td>
                <td className="device-time">{measured ? approx(formatSpan(r.deviceSeconds)) : 'train a few steps'}</td>
                <td>{cluster ? approx(formatSpan(r.clusterSeconds)) : '—'}</td>
                <td>{cluster ? approx(formatDollars(r.cost)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Sources: shapes of GPT-2 from Radford et al. 2019 (<cite>Language Models are Unsupervised Multitask Learners</cite>); GPT-3's shape
        and its 300B training tokens from Brown et al. 2020 (<cite>Language Models are Few-Shot Learners</cite>); 20 tokens per parameter
        from Hoffmann et al. 2022 (<cite>Training Compute-Optimal Large Language Models</cite>). GPT-2's token counts are not published:
        ~10B and ~100B are common estimates. Default peak: {PEAK_SOURCE}. The price is an assumption, not a quote. FLOPs per token as
        nanoGPT's estimate_mfu counts them; cluster time = compute ÷ (GPUs × peak × utilisation).
      </p>
    </section>
  );
}
