// Prompt the base model at any moment: before training (gibberish), while it trains, or paused.
// The completion streams in from the current weights; the same seed, prompt, settings and
// weights give the same completion.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { COMPLETION_RANGES } from '../protocol/completion';
import { parseInRange } from '../protocol/range';
import { tokenUnit } from '../protocol/reports';
import { NumberField } from './NumberField';

type Control = keyof typeof COMPLETION_RANGES;
const CONTROLS: { key: Control; step: string; hint?: string }[] = [
  { key: 'temperature', step: '0.1', hint: '0 always picks the most likely next token' },
  { key: 'topK', step: '1', hint: 'Sample among the k most likely tokens; 0 = all' },
  { key: 'maxNewTokens', step: '1' },
  { key: 'seed', step: '1', hint: 'The same seed, prompt and weights give the same completion' },
];

export function PromptPanel() {
  const { completion, ready, complete, stopCompletion, unit, training } = usePlayground(
    useShallow((s) => ({
      completion: s.completion, ready: s.model !== null && s.runState !== 'loading', complete: s.complete, stopCompletion: s.stopCompletion,
      training: s.runState === 'running',
      unit: tokenUnit(s.corpus?.tokenizer),
    })),
  );
  const [prompt, setPrompt] = useState('Call me Ishmael. ');
  const [values, setValues] = useState<Record<Control, string>>({ temperature: '0.8', topK: '40', maxNewTokens: '200', seed: '1' });
  const parsed = Object.fromEntries(CONTROLS.map(({ key }) => [key, parseInRange(COMPLETION_RANGES[key], values[key])])) as Record<Control, ReturnType<typeof parseInRange>>;
  const valid = CONTROLS.every(({ key }) => parsed[key].ok);
  const running = completion?.running ?? false;

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (running) return stopCompletion();
    if (!valid) return;
    const number = (key: Control) => Number(values[key]);
    complete({ prompt, temperature: number('temperature'), topK: number('topK'), maxNewTokens: number('maxNewTokens'), seed: number('seed') });
  };
  const set = (key: Control) => (v: string) => setValues((old) => ({ ...old, [key]: v }));
  const { min, max } = COMPLETION_RANGES.maxNewTokens;
  const hint = (key: Control, text?: string) => (key === 'maxNewTokens' ? `New ${unit}s to write, ${min} to ${max}` : text?.replace('token', unit));

  return (
    <section className="card prompt" aria-label="Prompt the model">
      <h2>Prompt the model</h2>
      <p className="muted">A base model continues the text you give it, with whatever it has learned so far.</p>
      <form onSubmit={onSubmit}>
        <label htmlFor="prompt">Prompt</label>
        <textarea id="prompt" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        <div className="row fields">
          {CONTROLS.map(({ key, step, hint: text }) => {
            const p = parsed[key];
            return (
              <NumberField key={key} label={COMPLETION_RANGES[key].label} value={values[key]} onChange={set(key)} error={p.ok ? undefined : p.message} step={step} hint={hint(key, text)} />
            );
          })}
          <button type="submit" className="primary" disabled={!ready || (!running && !valid)}>{running ? 'Stop' : 'Generate'}</button>
        </div>
      </form>
      {running && training && <p className="muted">Training shares the device, so writing is slower now; Pause to write faster.</p>}
      {completion?.notices.map((n) => <p key={n} className="note" role="status">{n}</p>)}
      {completion && (
        <pre className="completion" aria-label="Completion" aria-live="polite" aria-busy={running}>
          <span className="prompt-echo">{completion.prompt}</span>
          <span data-testid="completion-text">{completion.text}</span>
          {running && <span className="cursor">▍</span>}
        </pre>
      )}
    </section>
  );
}
