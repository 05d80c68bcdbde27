// The completions of one prompt, side by side: one column per seed, streaming as they are
// written, with the speed of writing. "Continue from here" makes a column the new prompt.
import type { Completion } from '../store/completion';
import { fmtInt } from './format';

/** @param oneWay greedy or temperature 0: one column, the same for every seed. */
export function Completions({
  completion,
  onContinue,
  oneWay = false,
}: {
  completion: Completion;
  onContinue(text: string): void;
  oneWay?: boolean;
}) {
  const { texts, running, prompt, tokensPerSecond } = completion;
  return (
    <div className="completions" aria-label="Completions of the prompt" aria-live="polite" aria-busy={running}>
      <p className="muted completions-head">
        {texts.length} completion{texts.length === 1 ? '' : 's'} of the same prompt
        {tokensPerSecond !== undefined && ` · ${fmtInt(tokensPerSecond)} tokens/s`}
      </p>
      <div className="completion-columns">
        {texts.map((text, i) => (
          <figure key={i} className="completion-column">
            <pre className="completion">
              <span className="prompt-echo">{prompt}</span>
              <span data-testid="completion-text">{text}</span>
              {running && <span className="cursor">▍</span>}
            </pre>
            <figcaption>
              <span className="muted">{oneWay ? 'the most likely at every step (any seed)' : `seed +${i}`}</span>
              {!running && text.length > 0 && (
                <button type="button" className="link" onClick={() => onContinue(prompt + text)}>
                  Continue from here
                </button>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
