// This run's bill: the compute spent so far (nanoGPT's FLOPs per token × tokens seen), the FLOP/s
// this device achieves, an energy estimate when the person enters a power figure, and what the
// next preset would take at this rate, with its assumption said on the page.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { formatSI, formatSpan } from '../protocol/units';
import { parseInRange } from '../protocol/range';
import { tokenUnit } from '../protocol/reports';
import { POWER_RANGE, energyKwh, runBill } from './computeBill';
import { Facts } from './Facts';
import { NumberField } from './NumberField';
import { fmtCompact, fmtInt } from './format';

const FORMULA =
  "nanoGPT's estimate_mfu: FLOPs per token = 6·N + 12·L·d·T (N = parameters without position embeddings; " +
  '6·N = 2N forward + 4N backward through the weights; 12·L·d·T = attention scores and their use, L layers, ' +
  'width d, context T). Compute spent = FLOPs per token × tokens seen.';

export function ComputeBill() {
  const { model, preset, points, unit, measured, runId } = usePlayground(
    useShallow((s) => ({
      model: s.model,
      preset: s.settings.preset,
      points: s.points,
      unit: tokenUnit(s.corpus?.tokenizer),
      measured: s.measuredFlops,
      runId: s.runId,
    })),
  );
  const [watts, setWatts] = useState('');
  if (!model) return null;
  const bill = runBill(model, preset, points, measured?.flopsPerSecond);
  const power = watts.trim() === '' ? null : parseInRange(POWER_RANGE, watts);
  const rate = bill.flopsPerSecond;
  return (
    <section className="card compute-bill" aria-label="This run's bill">
      <h3>This run's bill</h3>
      <Facts
        rows={[
          [
            `per ${unit}`,
            <span key="t" title={FORMULA}>
              {formatSI(bill.flopsPerToken, 'FLOP')} per {unit} (6·N + 12·L·d·T)
            </span>,
          ],
          [
            'spent',
            <span
              key="s"
              title={`${FORMULA}\n${fmtInt(bill.flopsPerToken)} × ${fmtInt(bill.tokens)} = ${bill.spentFlops.toExponential(3)} FLOPs`}
              data-testid="bill-spent"
            >
              <strong>{formatSI(bill.spentFlops, 'FLOP')}</strong> on {fmtCompact(bill.tokens)} {unit}s
            </span>,
          ],
          [
            'this device',
            <span
              key="r"
              data-testid="bill-rate"
              title="Measured: the median tokens/s of training over the last 50 read-outs (evaluation and samples excluded) × FLOPs per token. The estimator below uses the same figure."
            >
              {rate === undefined || !measured
                ? 'train a few steps to measure'
                : measured.runId === runId
                  ? `${formatSI(rate, 'FLOP/s')}, measured on this run (step ${fmtInt(measured.step)})`
                  : `${formatSI(rate, 'FLOP/s')}, measured on an earlier run (${measured.preset} on ${measured.backend}); train this one to measure it`}
            </span>,
          ],
          [
            'energy',
            power?.ok
              ? `≈ ${formatSI(energyKwh(power.value, bill.trainingSeconds) * 1000, 'Wh')} at ${fmtInt(power.value)} W for ${formatSpan(bill.trainingSeconds)} of training`
              : 'enter the power your machine draws',
          ],
        ]}
      />
      <div className="row bill-power">
        <NumberField
          label={POWER_RANGE.label}
          value={watts}
          onChange={setWatts}
          error={power && !power.ok ? power.message : undefined}
          hint="Optional: the whole machine's draw while training (a laptop ~30–60 W, a desktop GPU ~200–450 W)"
        />
      </div>
      {bill.next ? (
        <p className="muted bill-next" data-testid="bill-next">
          At this rate, the next preset ({bill.next.preset}) would take{' '}
          <strong>{rate === undefined ? '…' : `≈ ${formatSpan(bill.next.seconds)}`}</strong> to train on the same {unit}s. Assumes it sees
          as many {unit}s as this run has ({fmtCompact(bill.tokens)}) at its {formatSI(bill.next.flopsPerToken, 'FLOP')} per {unit}, on this
          device at its measured FLOP/s. A bigger model usually reaches a lower loss from the same {unit}s, and often runs at a higher
          FLOP/s on a GPU: a rough figure.
        </p>
      ) : (
        <p className="muted bill-next">This is the largest preset: there is no next one to price.</p>
      )}
    </section>
  );
}
