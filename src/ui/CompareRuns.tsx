// Compare runs: the data shapes the model. The person picks two or three of their saved runs (say
// Moby Dick, the State of the Union addresses and their own text), and each answers one prompt with
// the same seed and settings, side by side (CompareColumns.tsx). Each run is loaded read-only in the
// worker and let go after, so the run in training is untouched.
import { useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { COMPARE_RUNS } from '../protocol/compare';
import { COMPLETION_RANGES } from '../protocol/completion';
import { parseInRange } from '../protocol/range';
import type { SavedRun } from '../protocol/savedRuns';
import { CompareColumns } from './CompareColumns';

const FIELDS = [
  { key: 'seed', label: 'Seed (every run)', range: COMPLETION_RANGES.seed },
  { key: 'temperature', label: 'Temperature (every run)', range: COMPLETION_RANGES.temperature },
  { key: 'maxNewTokens', label: 'Tokens to write', range: COMPLETION_RANGES.maxNewTokens },
] as const;
type Key = (typeof FIELDS)[number]['key'];

const own = (r: SavedRun) => (r.group ?? 'own') === 'own';
const runLabel = (r: SavedRun) =>
  `${r.corpusName}, step ${r.step.toLocaleString('en-US')}${r.valLoss === undefined ? '' : `, val loss ${r.valLoss.toFixed(2)}`}`;

export function CompareRuns() {
  const { allRuns, comparison, compareRuns, stopComparison } = usePlayground(
    useShallow((s) => ({ allRuns: s.savedRuns, comparison: s.comparison, compareRuns: s.compareRuns, stopComparison: s.stopComparison })),
  );
  const savedRuns = useMemo(() => allRuns.filter(own), [allRuns]); // the person's own, not the labs'
  const [chosen, setChosen] = useState<string[]>([]);
  const [prompt, setPrompt] = useState('The ');
  const [values, setValues] = useState<Record<Key, string>>({ seed: '1', temperature: '0.8', maxNewTokens: '80' });
  const id = useId();
  const picked = chosen.filter((c) => savedRuns.some((r) => r.id === c)); // a deleted run drops out
  const parsed = FIELDS.map((f) => ({ ...f, result: parseInRange(f.range, values[f.key]) }));
  const valid = parsed.every((p) => p.result.ok);
  const running = comparison?.running ?? false;
  const enough = picked.length >= COMPARE_RUNS.min && picked.length <= COMPARE_RUNS.max;

  const toggle = (runId: string, on: boolean) =>
    setChosen((c) => (on ? [...c.filter((x) => x !== runId), runId] : c.filter((x) => x !== runId)));
  const compare = () => {
    const number = (key: Key) => Number(values[key]);
    compareRuns(picked, {
      prompt,
      seed: number('seed'),
      temperature: number('temperature'),
      maxNewTokens: number('maxNewTokens'),
      topK: 0,
      topP: 1,
      greedy: false,
    });
  };

  return (
    <section className="card compare" aria-label="Compare runs">
      <h2>Compare runs: the data shapes the model</h2>
      <p className="muted">
        Same architecture, same prompt, same seed and settings; what differs is the text each run learned (and how long it trained). Pick{' '}
        {COMPARE_RUNS.min} or {COMPARE_RUNS.max} of your saved runs.
      </p>
      {savedRuns.length < COMPARE_RUNS.min ? (
        <p className="muted">
          You have {savedRuns.length} saved run{savedRuns.length === 1 ? '' : 's'}. Train on two texts (choose another under Text to learn,
          or drop your own .txt), pausing each run once so it is saved, and they appear here.
        </p>
      ) : (
        <ul className="compare-choices" aria-label="Saved runs to compare">
          {savedRuns.map((r) => (
            <li key={r.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={picked.includes(r.id)}
                  disabled={!picked.includes(r.id) && picked.length >= COMPARE_RUNS.max}
                  onChange={(e) => toggle(r.id, e.target.checked)}
                />
                {runLabel(r)}
              </label>
              <span className="muted small">· {r.preset}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="row fields">
        <div className="field compare-prompt">
          <label htmlFor={`${id}-prompt`}>Prompt for every run</label>
          <input id={`${id}-prompt`} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        </div>
        {parsed.map((f) => (
          <div key={f.key} className={`field${f.result.ok ? '' : ' invalid'}`}>
            <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
            <input
              id={`${id}-${f.key}`}
              type="number"
              value={values[f.key]}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
              aria-invalid={!f.result.ok}
            />
            {!f.result.ok && (
              <span className="field-error" role="alert">
                {f.result.message}
              </span>
            )}
          </div>
        ))}
        <button type="button" className="primary" disabled={!enough || !valid || running} onClick={compare}>
          {running ? 'Comparing…' : 'Compare'}
        </button>
        {running && (
          <button type="button" onClick={stopComparison}>
            Stop
          </button>
        )}
      </div>
      {comparison?.stopped && <p className="muted">{comparison.stopped} The runs not written yet are left out.</p>}
      {comparison?.error && (
        <p className="alert" role="alert">
          {comparison.error}
        </p>
      )}
      {comparison && <CompareColumns comparison={comparison} nameOf={(savedId) => allRuns.find((r) => r.id === savedId)?.corpusName} />}
    </section>
  );
}
