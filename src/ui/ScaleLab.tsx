// The scale lab: one click trains the chosen presets in turn on the person's text for the same
// compute budget (lab runs with the same seed, the person's own run kept aside meanwhile), and
// overlays their validation loss against compute on a log axis, with each run's final loss and
// its time against the estimate in a table. Kept runs stay for later labs to overlay.
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { useScaleLab } from '../store/useScaleLab';
import { budgetProblem, defaultBudget, FEW_STEPS, fewStepsWarning, parseBudget } from '../store/scaleLabPlan';
import { budgetString, labEstimate } from '../store/scaleLab';
import { personCorpus } from '../store/selectors';
import { flopsPerToken } from '../protocol/flops';
import { PRESET_NAMES, PRESETS } from '../protocol/settings';
import { formatSI } from '../protocol/units';
import { PRESET_COLORS, ScaleLabChart } from './ScaleLabChart';
import { ScaleLabRuns } from './ScaleLabRuns';
import { fmtInt } from './format';

/** The scale lab's panel: presets, budget, Run/Stop/Clear, progress, the chart and the table of kept runs. */
export function ScaleLab() {
  const lab = useScaleLab(
    useShallow((s) => ({
      runs: s.runs,
      budget: s.budget,
      presets: s.presets,
      active: s.active,
      message: s.message,
      setBudget: s.setBudget,
      togglePreset: s.togglePreset,
      start: s.start,
      measure: s.measure,
      stop: s.stop,
      clear: s.clear,
    })),
  );
  const { vocabSize, runState } = usePlayground(useShallow((s) => ({ vocabSize: personCorpus(s)?.vocabSize, runState: s.runState })));
  const defaultText = vocabSize === undefined ? '' : budgetString(defaultBudget(lab.presets, vocabSize));
  // The person's text while they type; the default (enough steps for every ticked preset) until they do.
  const [typed, setTyped] = useState<string | null>(lab.budget === null ? null : budgetString(lab.budget));
  const budgetText = typed ?? defaultText;
  const budget = parseBudget(budgetText);
  const budgetError = budgetProblem(budget) ?? undefined;
  const latest = useMemo(() => {
    const newest = Math.max(...lab.runs.map((r) => r.labId));
    return new Set(lab.runs.filter((r) => r.labId === newest).map((r) => r.id));
  }, [lab.runs]);
  const running = lab.active !== null;
  const view = usePlayground(useShallow((s) => ({ run: s.run, settings: s.settings, backend: s.backend })));
  const times = useScaleLab((l) => l.times);
  const estimate = useMemo(
    () => labEstimate({ presets: lab.presets, budget: budgetError ? null : budget, times }, view),
    [lab.presets, budget, budgetError, times, view],
  );
  const fewSteps = vocabSize === undefined || budgetError ? [] : lab.presets.flatMap((p) => fewStepsWarning(p, vocabSize, budget) ?? []);

  return (
    <section className="card scale-lab" aria-label="Scale lab">
      <h2>Scale lab: does a bigger model learn more from the same compute?</h2>
      <p className="muted">
        Trains each chosen preset in turn on your text for the same compute budget, counted as nanoGPT does (6·N + 12·L·d·T FLOPs per
        token), with the same seed, and plots validation loss against the compute spent. Each is a real run of the lab's own, with its
        cosine schedule stretched over the budget; your run waits, paused, and comes back as it was. At small budgets the smallest model
        wins (it gets many more steps); a bigger model's curve falls more steeply and crosses below it as the budget grows (Kaplan et al.
        2020; Hoffmann et al. 2022).
      </p>
      <div className="row fields">
        <fieldset className="scale-presets" disabled={running}>
          <legend>Presets</legend>
          {PRESET_NAMES.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={lab.presets.includes(p)} onChange={() => lab.togglePreset(p)} />
              {p}
              {vocabSize !== undefined && (
                <span className="muted small">{formatSI(flopsPerToken({ ...PRESETS[p], vocabSize }), 'FLOP')}/token</span>
              )}
            </label>
          ))}
        </fieldset>
        <div className="scale-budget">
          <NumberFieldFLOPs
            value={budgetText}
            error={budgetError}
            disabled={running}
            onChange={(text) => {
              setTyped(text);
              if (!budgetProblem(parseBudget(text))) lab.setBudget(parseBudget(text));
            }}
          />
          {typed !== null && typed !== defaultText && !running && (
            <button
              type="button"
              className="link small"
              onClick={() => {
                setTyped(null);
                lab.setBudget(null);
              }}
            >
              Default: {defaultText} (at least {FEW_STEPS} steps of each)
            </button>
          )}
          <span className="muted small" data-testid="scale-estimate">
            {estimate ?? (
              <>
                <button
                  type="button"
                  className="link small"
                  onClick={() => void lab.measure()}
                  disabled={running || runState === 'loading'}
                >
                  Time each model on this device
                </button>{' '}
                (your run waits a few seconds)
              </>
            )}
          </span>
        </div>
        {running ? (
          <button type="button" onClick={lab.stop}>
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => void lab.start()}
            disabled={Boolean(budgetError) || runState === 'loading'}
          >
            Run scale lab
          </button>
        )}
        <button type="button" onClick={lab.clear} disabled={running || lab.runs.length === 0}>
          Clear runs
        </button>
      </div>
      {fewSteps.map((w) => (
        <p key={w} className="note small" role="status">
          {w}
        </p>
      ))}
      <LabProgress />
      {lab.message && (
        <p className="note" role="alert">
          {lab.message}
        </p>
      )}
      {lab.runs.length > 0 && (
        <>
          <ScaleLabChart runs={lab.runs} latest={latest} />
          <ScaleLabRuns runs={lab.runs} />
        </>
      )}
    </section>
  );
}

/** The budget as typed ("1e11", "2.5e12"): kept as text while the person types, its problem shown under it. */
function NumberFieldFLOPs({
  value,
  error,
  disabled,
  onChange,
}: {
  value: string;
  error?: string;
  disabled: boolean;
  onChange(text: string): void;
}) {
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor="scale-budget">Compute budget (FLOPs)</label>
      <input
        id="scale-budget"
        type="text"
        inputMode="decimal"
        value={value}
        disabled={disabled}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? 'scale-budget-error' : undefined}
      />
      {error && (
        <span id="scale-budget-error" className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** Which preset is training and how far through its budget, from the run's own tokens. */
function LabProgress() {
  const active = useScaleLab((s) => s.active);
  const { tokens, runState } = usePlayground(useShallow((s) => ({ tokens: s.points.at(-1)?.tokens ?? 0, runState: s.runState })));
  if (!active) return null;
  const plan = active.plans[active.index];
  const share = active.phase === 'training' ? Math.min(1, (tokens * plan.flopsPerToken) / plan.flops) : 0;
  if (active.phase === 'measuring')
    return (
      <p className="scale-progress" role="status" aria-label="Scale lab progress">
        Timing each preset on this device (a few steps of each)…
      </p>
    );
  const what =
    active.phase === 'starting'
      ? 'building the model'
      : runState === 'paused'
        ? 'paused (Resume to go on)'
        : `${Math.floor(100 * share)}% of its budget`;
  return (
    <p className="scale-progress" role="status" aria-label="Scale lab progress">
      <span className="swatch" style={{ background: PRESET_COLORS[plan.preset] }} />
      Training <strong>{plan.preset}</strong> ({active.index + 1} of {active.plans.length}): {what}, {fmtInt(plan.steps)} steps of{' '}
      {formatSI(plan.flops, 'FLOP')} in all.
      <progress max={1} value={share} aria-label={`${plan.preset} progress`} />
    </p>
  );
}
