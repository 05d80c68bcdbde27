// Prompt the base model at any moment: before training (gibberish), while it trains, or paused.
// The completion streams in token by token from the current weights.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { NumberField } from './NumberField';

interface Limits { min: number; max: number; integer: boolean }
const LIMITS: Record<'temperature' | 'topK' | 'maxNewTokens', Limits> = {
  temperature: { min: 0, max: 2, integer: false },
  topK: { min: 0, max: 100_000, integer: true },
  maxNewTokens: { min: 1, max: 2000, integer: true },
};

function check(raw: string, l: Limits): string | undefined {
  const v = raw.trim() === '' ? NaN : Number(raw);
  const ok = Number.isFinite(v) && v >= l.min && v <= l.max && (!l.integer || Number.isInteger(v));
  return ok ? undefined : `Enter ${l.integer ? 'a whole number' : 'a number'} from ${l.min} to ${l.max}.`;
}

export function PromptPanel() {
  const { generation, ready, generate, stopGenerating } = usePlayground(
    useShallow((s) => ({ generation: s.generation, ready: s.model !== null && s.runState !== 'loading', generate: s.generate, stopGenerating: s.stopGenerating })),
  );
  const [prompt, setPrompt] = useState('Call me Ishmael. ');
  const [shownPrompt, setShownPrompt] = useState('');
  const [values, setValues] = useState({ temperature: '0.8', topK: '40', maxNewTokens: '200' });
  const errors = {
    temperature: check(values.temperature, LIMITS.temperature),
    topK: check(values.topK, LIMITS.topK),
    maxNewTokens: check(values.maxNewTokens, LIMITS.maxNewTokens),
  };
  const valid = !errors.temperature && !errors.topK && !errors.maxNewTokens;
  const running = generation?.running ?? false;

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (running) return stopGenerating();
    if (!valid) return;
    setShownPrompt(prompt);
    generate({ prompt, temperature: Number(values.temperature), topK: Number(values.topK), maxNewTokens: Number(values.maxNewTokens) });
  };
  const set = (key: keyof typeof values) => (v: string) => setValues((old) => ({ ...old, [key]: v }));

  return (
    <section className="card prompt" aria-label="Prompt the model">
      <h2>Prompt the model</h2>
      <p className="muted">A base model continues the text you give it, with whatever it has learned so far.</p>
      <form onSubmit={onSubmit}>
        <label htmlFor="prompt">Prompt</label>
        <textarea id="prompt" rows={3} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
        <div className="row fields">
          <NumberField label="Temperature" value={values.temperature} onChange={set('temperature')} error={errors.temperature} step="0.1" hint="0 always picks the most likely next character" />
          <NumberField label="Top-k" value={values.topK} onChange={set('topK')} error={errors.topK} step="1" hint="Sample among the k most likely characters; 0 = all" />
          <NumberField label="Max new tokens" value={values.maxNewTokens} onChange={set('maxNewTokens')} error={errors.maxNewTokens} step="1" />
          <button type="submit" className="primary" disabled={!ready || (!running && !valid)}>{running ? 'Stop' : 'Generate'}</button>
        </div>
      </form>
      {generation?.notices.map((n) => <p key={n} className="note" role="status">{n}</p>)}
      {generation && (
        <pre className="completion" aria-label="Completion" aria-live="polite" aria-busy={running}>
          <span className="prompt-echo">{shownPrompt}</span>
          <span data-testid="completion-text">{generation.text}</span>
          {running && <span className="cursor">▍</span>}
        </pre>
      )}
    </section>
  );
}
