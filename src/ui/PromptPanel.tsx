// Prompt the base model at any moment: before training (gibberish), while it trains, or paused.
// n completions stream in side by side from the current weights; the same seed, prompt,
// settings and weights give the same completions. Ctrl/Cmd+Enter generates, Escape stops.
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { COMPLETION_RANGES } from '../protocol/completion';
import { parseInRange } from '../protocol/range';
import { tokenUnit } from '../protocol/reports';
import { NumberField } from './NumberField';
import { Completions } from './Completions';
import { presetsFor, type PromptPreset } from './promptPresets';
import { textChoice } from '../store/selectors';
import type { CompletionRequest } from '../protocol/completion';
import { dynamicsRows, phaseCrossings } from './dynamics';
import { fmtDuration, fmtInt } from './format';
import { LongRunAnswer } from './LongRunAnswer';
import { LongRunPanel } from './LongRunPanel';

type Control = Exclude<keyof typeof COMPLETION_RANGES, never>;
const CONTROLS: { key: Control; step: string; hint?: string }[] = [
  { key: 'n', step: '1', hint: 'Completions written side by side, 1 to 5' },
  {
    key: 'temperature',
    step: '0.1',
    hint: 'Divides the logits: below 1 sharper, above 1 flatter; 0 always picks the most likely token (the Next token slider changes only its bars)',
  },
  { key: 'topK', step: '1', hint: 'Sample among the k most likely tokens; 0 = all' },
  { key: 'topP', step: '0.05', hint: 'Sample among the fewest most likely tokens whose probability reaches p; 1 = all' },
  { key: 'maxNewTokens', step: '1' },
  { key: 'seed', step: '1', hint: 'The same seed, prompt and weights give the same completions' },
];
const DEFAULTS: Record<Control, string> = { n: '3', temperature: '0.8', topK: '40', topP: '0.95', maxNewTokens: '200', seed: '1' };

export function PromptPanel() {
  const { prompt, setPrompt, completion, ready, complete, stopCompletion, unit, training, corpusId, preview } = usePlayground(
    useShallow((s) => ({
      prompt: s.prompt,
      setPrompt: s.setPrompt,
      completion: s.completion,
      ready: s.model !== null && s.runState !== 'loading',
      complete: s.complete,
      stopCompletion: s.stopCompletion,
      unit: tokenUnit(s.corpus?.tokenizer),
      training: s.runState === 'running',
      corpusId: textChoice(s),
      preview: s.corpus?.preview,
    })),
  );
  const { longRunOpen, askLongRun, openLongRun, stopLongRun, answered, answeredPrompt, longRunRunning, writesPhrases, steps } =
    usePlayground(
      useShallow((s) => ({
        // its manifest is in (or being read): a failed snapshot load still leaves it able to answer
        longRunOpen: s.longRun !== null && (s.longRun.manifest !== null || s.longRun.status === 'loading'),
        askLongRun: s.askLongRun,
        openLongRun: s.openLongRun,
        stopLongRun: s.stopLongRun,
        answered: s.longRunAnswer !== null,
        answeredPrompt: s.longRunAnswer?.prompt,
        longRunRunning: s.longRunAnswer?.running ?? false,
        // the phrases phase (ui/dynamics.ts): a run that writes phrases can show lists and dialogue itself
        writesPhrases: phaseCrossings(dynamicsRows(s.samples)).some((c) => c.phase.name === 'phrases'),
        steps: s.step,
      })),
    );
  const longRunText = corpusId === 'moby-dick'; // the long run learned Moby Dick
  // Its answer shows only on its own text: on another, nobody reads it, so it stops.
  useEffect(() => {
    if (!longRunText) stopLongRun();
  }, [longRunText, stopLongRun]);
  const [preset, setPreset] = useState<PromptPreset | null>(null);
  // Another text to learn: the old prompt may not even be in its alphabet, so the prompt last used
  // with that text comes back, or its own first example (the prompt lives in the store, so this is
  // an effect, not a render-time update). Back from a lab, the person's prompt is as they left it.
  const shownCorpus = useRef(corpusId);
  const promptOf = useRef(new Map<string, string>());
  useEffect(() => {
    if (shownCorpus.current === corpusId) return;
    promptOf.current.set(shownCorpus.current, usePlayground.getState().prompt);
    shownCorpus.current = corpusId;
    const again = promptOf.current.get(corpusId) ?? presetsFor(corpusId, preview)[0]?.prompt;
    if (again !== undefined) setPrompt(again);
  }, [corpusId, preview, setPrompt]);
  const [values, setValues] = useState<Record<Control, string>>(DEFAULTS);
  const [greedy, setGreedy] = useState(false);
  /** How the completion on the page was asked for: greedy or at temperature 0, each seed writes the same text. */
  const [oneWay, setOneWay] = useState<{ asked: number } | null>(null);
  /** The person's run when the completion on the page was asked for (steps trained, running time): training goes on meanwhile. */
  const [askedAt, setAskedAt] = useState<{ steps: number; elapsedMs: number } | null>(null);
  const parsed = Object.fromEntries(CONTROLS.map(({ key }) => [key, parseInRange(COMPLETION_RANGES[key], values[key])])) as Record<
    Control,
    ReturnType<typeof parseInRange>
  >;
  const valid = CONTROLS.every(({ key }) => parsed[key].ok);
  const running = completion?.running ?? false;
  // one prompt, one Stop: for the person's run and, where it is shown, the long run
  const anyRunning = running || (longRunText && longRunRunning);
  const stop = () => {
    stopCompletion();
    stopLongRun();
  };

  /** @param withLongRun also ask the long run (it answers whenever it is shown, on its own text). */
  const generate = (withLongRun = longRunOpen && longRunText) => {
    if (!ready || !valid || anyRunning) return;
    const number = (key: Control) => Number(values[key]);
    // Greedy (or temperature 0) takes the most likely token every time: one column says it all.
    const same = greedy || number('temperature') === 0;
    setOneWay(same ? { asked: number('n') } : null);
    const request: CompletionRequest = {
      prompt,
      n: same ? 1 : number('n'),
      temperature: number('temperature'),
      topK: number('topK'),
      topP: number('topP'),
      maxNewTokens: number('maxNewTokens'),
      seed: number('seed'),
      greedy,
    };
    const now = usePlayground.getState();
    setAskedAt({ steps: now.step, elapsedMs: now.points.at(-1)?.elapsedMs ?? 0 });
    complete(request);
    if (withLongRun) askLongRun(request); // the same request: only the weights differ
  };
  const askBoth = () => {
    if (!longRunOpen) openLongRun();
    generate(true);
  };
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (anyRunning) stop();
    else generate();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      generate();
    } else if (e.key === 'Escape' && anyRunning) {
      e.preventDefault();
      stop();
    }
  };
  const set = (key: Control) => (v: string) => setValues((old) => ({ ...old, [key]: v }));
  const { min, max } = COMPLETION_RANGES.maxNewTokens;
  const hint = (key: Control, text?: string) =>
    key === 'maxNewTokens' ? `New ${unit}s per completion, ${min} to ${max}` : text?.replace('token', unit);
  const choose = (p: PromptPreset) => {
    setPrompt(p.prompt);
    setPreset(p);
  };

  return (
    <section className="card prompt" aria-label="Prompt the model" onKeyDown={onKeyDown}>
      <h2>Prompt the model</h2>
      <p className="muted">A base model continues the text you give it, with whatever it has learned so far.</p>
      <div className="presets" role="group" aria-label="Example prompts">
        {presetsFor(corpusId, preview).map((p) => (
          <button key={p.label} type="button" className="chip" onClick={() => choose(p)}>
            {p.label}
          </button>
        ))}
      </div>
      <form onSubmit={onSubmit}>
        <div className="label-row">
          <label htmlFor="prompt">Prompt</label>
          <span className="muted small">Ctrl+Enter generates, Escape stops</span>
        </div>
        <textarea
          id="prompt"
          rows={3}
          value={prompt}
          onChange={(e) => {
            setPrompt(e.target.value);
            setPreset(null);
          }}
        />
        <div className="row fields">
          {CONTROLS.map(({ key, step, hint: text }) => {
            const p = parsed[key];
            return (
              <NumberField
                key={key}
                label={COMPLETION_RANGES[key].label}
                value={values[key]}
                onChange={set(key)}
                error={p.ok ? undefined : p.message}
                step={step}
                hint={hint(key, text)}
              />
            );
          })}
          <label className="check">
            <input type="checkbox" checked={greedy} onChange={(e) => setGreedy(e.target.checked)} /> Greedy
          </label>
          <button type="submit" className="primary" disabled={!ready || (!anyRunning && !valid)}>
            {anyRunning ? 'Stop' : 'Generate'}
          </button>
        </div>
      </form>
      {running && training && <p className="muted">Training shares the device, so writing is slower now; Pause to write faster.</p>}
      {completion?.notices.map((n) => (
        <p key={n} className="note" role="status">
          {n}
        </p>
      ))}
      {/* once the long run has answered this prompt, the offer is taken */}
      {preset?.shows && longRunText && !writesPhrases && prompt === preset.prompt && answeredPrompt !== prompt && (
        <p className="note long-run-offer">
          Your run {steps > 0 ? `at step ${fmtInt(steps)}` : 'before training'} does not write phrases yet, so it cannot show {preset.shows}
          . The same model trained for hours can:{' '}
          <button type="button" className="link" onClick={askBoth} disabled={!ready || !valid || anyRunning}>
            ask the long run too
          </button>
        </p>
      )}
      {completion && answered && longRunText && askedAt && (
        <p className="completions-head">
          <strong>Your run {askedAt.steps > 0 ? `after ${fmtDuration(askedAt.elapsedMs)} of training` : 'untrained'}</strong>{' '}
          <span className="muted">(step {fmtInt(askedAt.steps)})</span>
        </p>
      )}
      {completion && <Completions completion={completion} onContinue={(text) => setPrompt(text)} oneWay={oneWay !== null} />}
      {longRunText && <LongRunAnswer />}
      {completion && oneWay && oneWay.asked > 1 && (
        <p className="muted small">
          Greedy and temperature 0 always take the most likely {unit}, so every seed writes the same text: one column is written, not{' '}
          {oneWay.asked}.
        </p>
      )}
      {completion && preset?.note && completion.prompt === preset.prompt && <p className="note">{preset.note}</p>}
      <LongRunPanel />
    </section>
  );
}
