// The model against gzip, said in words above the charts: how many bits per character the model
// now needs for the validation text, what gzip needs for the same text, and the step from which the
// model has stayed below gzip (or that it has not passed it yet); with the toggle that draws the
// loss chart in nats per token or in bits per character. Follows protocol/compression.ts.
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { baselineBits, belowSince, bitsPerCharScale } from '../protocol/compression';
import { tokenUnit } from '../protocol/reports';

export type LossUnits = 'nats' | 'bits';

interface Props {
  units: LossUnits;
  onUnits(units: LossUnits): void;
}

const fmt = (n: number) => n.toFixed(2);

export function CompressionLine({ units, onUnits }: Props) {
  const { runId, baselines, evals, corpusName, unit, measureBaselines } = usePlayground(
    useShallow((s) => ({
      runId: s.runId,
      baselines: s.baselines?.runId === s.runId ? s.baselines.baselines : null,
      evals: s.evals,
      corpusName: s.corpus?.name,
      unit: tokenUnit(s.corpus?.tokenizer),
      measureBaselines: s.measureBaselines,
    })),
  );
  useEffect(() => {
    if (runId > 0) measureBaselines();
  }, [runId, measureBaselines]);

  let words: string;
  if (!baselines) words = 'Measuring gzip on the validation text…';
  else {
    const bits = baselineBits(baselines);
    const last = evals.at(-1);
    const scale = bitsPerCharScale(baselines);
    if (!last)
      words = `gzip stores the validation text of ${corpusName} in ${fmt(bits.gzip)} bits per character (deflate ${fmt(bits.deflate)}; character frequencies alone ${fmt(bits.zerothOrder)}). Train, and the model's figure appears at each evaluation.`;
    else {
      const model = last.valLoss * scale;
      const since = belowSince(evals, scale, bits.gzip);
      const passed =
        since === null
          ? `The model has not passed gzip yet (${fmt(model - bits.gzip)} bits per character to go).`
          : `The model passed gzip at step ${since.toLocaleString('en-US')}.`;
      words = `Your model now stores ${corpusName} in ${fmt(model)} bits per character (step ${last.step.toLocaleString('en-US')}); gzip needs ${fmt(bits.gzip)}, character frequencies alone ${fmt(bits.zerothOrder)}. ${passed}`;
    }
  }
  return (
    <div className="card compression-line">
      <p role="status" aria-label="Model against gzip">
        {words}
      </p>
      <div className="units" role="group" aria-label="Loss chart units">
        <button type="button" className="chip" aria-pressed={units === 'nats'} onClick={() => onUnits('nats')}>
          nats per {unit}
        </button>
        <button type="button" className="chip" aria-pressed={units === 'bits'} onClick={() => onUnits('bits')}>
          bits per character
        </button>
      </div>
    </div>
  );
}
