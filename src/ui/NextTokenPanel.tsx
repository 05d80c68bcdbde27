// What the model expects after the text so far: the 10 most likely next tokens with their
// probabilities, the rest as "other". Clicking a bar appends that token to the prompt: decoding
// by hand, one choice at a time. Whitespace shows as ␣ and ↵; an invisible character by its code
// point, named in the bar's title (protocol/tokenLabel.ts).
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { tokenUnit } from '../protocol/reports';
import { useTextScore } from './useTextScore';
import { tokenLabel, tokenTitle } from '../protocol/tokenLabel';

const percent = (p: number): string => `${(100 * p).toFixed(p >= 0.1 ? 0 : 1)}%`;

export function NextTokenPanel() {
  const [temperature, setTemperature] = useState(1);
  useTextScore(temperature);
  const { score, error, prompt, setPrompt, unit } = usePlayground(
    useShallow((s) => ({
      score: s.textScore.score,
      error: s.textScore.error,
      prompt: s.prompt,
      setPrompt: s.setPrompt,
      unit: tokenUnit(s.corpus?.tokenizer),
    })),
  );
  const top = score?.next[0]?.p ?? 1;
  return (
    <section className="card next-token" aria-label="Next token">
      <h2>Next {unit}</h2>
      <p className="muted">
        What the model expects after the prompt, at temperature {temperature.toFixed(1)}: softmax(logits / T). Click a bar to append that{' '}
        {unit} and see what it expects next. This slider shapes only these bars; Generate uses the Temperature under the prompt, and
        Surprise always 1.
      </p>
      <label className="slider">
        Temperature {temperature.toFixed(1)}
        <input type="range" min={0.1} max={2} step={0.1} value={temperature} onChange={(e) => setTemperature(Number(e.target.value))} />
      </label>
      {error && <p className="note">{error}</p>}
      {score === null ? (
        <p className="muted">Reading the prompt…</p>
      ) : (
        <ol className="bars">
          {score.next.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className="bar-row"
                onClick={() => setPrompt(prompt + t.append)}
                title={`Append ${tokenTitle(t.text)}`}
                aria-label={`${tokenTitle(t.text)}: ${percent(t.p)}. Append it`}
              >
                <code className="bar-label">{tokenLabel(t.text).shown}</code>
                <span className="bar" style={{ width: `${(100 * t.p) / top}%` }} />
                <span className="bar-value">{percent(t.p)}</span>
              </button>
            </li>
          ))}
          <li className="bar-row other">
            <span className="bar-label muted">other</span>
            <span className="bar other-bar" style={{ width: `${Math.min(100, (100 * score.other) / top)}%` }} />
            <span className="bar-value">{percent(score.other)}</span>
          </li>
        </ol>
      )}
    </section>
  );
}
