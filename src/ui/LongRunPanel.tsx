// The long run the page ships (npm run pretrain): the same model trained on Moby Dick for hours by
// our own code, as snapshots a person can pick (step 0 to the last), its loss curve under their
// own run's, and its answer to their prompt beside their run's (PromptPanel asks both with the same
// request). Nothing of it loads until they ask. Their curve is drawn over its only when it is in the
// same unit: Moby Dick read character by character (a BPE run's loss is per token).
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { trainedFor, trainedThreads } from '../protocol/longRun';
import { tokenUnit, type EvalPoint } from '../protocol/reports';
import { textChoice } from '../store/selectors';
import { fmtInt } from './format';
import { LongRunChart } from './LongRunChart';

/** No curve of the person's (one array, so the chart's memo holds). */
const NO_EVALS: readonly EvalPoint[] = [];

export function LongRunPanel() {
  const { longRun, openLongRun, chooseLongRunStep, evals, book, unit } = usePlayground(
    useShallow((s) => ({
      longRun: s.longRun,
      openLongRun: s.openLongRun,
      chooseLongRunStep: s.chooseLongRunStep,
      evals: s.evals,
      book: textChoice(s) === 'moby-dick',
      unit: tokenUnit(s.corpus?.tokenizer),
    })),
  );
  const sameText = book && unit === 'character';
  const manifest = longRun?.manifest ?? null;
  const threads = manifest && trainedThreads(manifest);
  return (
    <section className="card long-run" aria-label="The long run">
      <h3>The whole arc: one long run</h3>
      {!longRun && (
        <>
          <p className="muted">
            The page ships snapshots of one long run of the default model on Moby Dick, trained by this page&rsquo;s own code for hours (
            <code>npm run pretrain</code>). Pick any of them, see its loss curve under yours, and its answers beside your run&rsquo;s. About
            0.9 MB a snapshot, loaded only when you ask.
          </p>
          <button type="button" onClick={() => openLongRun()}>
            Show the long run
          </button>
        </>
      )}
      {longRun?.message && (
        <p className="note" role="alert">
          {manifest ? longRun.message : `The long run could not be loaded: ${longRun.message}`}
        </p>
      )}
      {/* its files may come (npm run pretrain, a flaky network): the way back stays without a reload */}
      {longRun?.status === 'failed' && !manifest && (
        <button type="button" onClick={() => openLongRun()}>
          Try again
        </button>
      )}
      {manifest && (
        <>
          <div className="row">
            <label htmlFor="long-run-step">Snapshot</label>
            <select id="long-run-step" value={longRun?.step ?? ''} onChange={(e) => chooseLongRunStep(Number(e.target.value))}>
              {manifest.snapshots.map((s) => (
                <option key={s.step} value={s.step}>
                  step {fmtInt(s.step)} · val loss {s.valLoss.toFixed(2)} ·{' '}
                  {s.step === 0 ? 'untrained' : `after ${trainedFor(s.wallSeconds)}`}
                </option>
              ))}
            </select>
            <span className="muted small" role="status" aria-label="Long run state">
              {longRun?.status === 'loading'
                ? 'loading…'
                : longRun?.loadedStep !== null
                  ? `step ${fmtInt(longRun?.loadedStep ?? 0)} loaded`
                  : ''}
            </span>
          </div>
          <p className="muted small">
            {fmtInt(manifest.steps)} steps{manifest.finished ? '' : ' (stopped before its planned end)'} in{' '}
            {trainedFor(manifest.wallSeconds)}
            {threads ? ` on ${threads === 1 ? 'one CPU thread' : `${threads} CPU threads`}` : ''}, seed {manifest.settings.seed}, peak
            learning rate {manifest.settings.lr}. Remake it with <code>{manifest.command}</code>.
            {!book
              ? ' It learned Moby Dick, not your text: its curve and answers are for that book.'
              : sameText
                ? ''
                : ' It reads characters and your run BPE tokens: a loss per token is not a loss per character, so your curve is not drawn over its.'}
          </p>
          <LongRunChart manifest={manifest} own={sameText ? evals : NO_EVALS} chosenStep={longRun?.step ?? null} />
        </>
      )}
    </section>
  );
}
