// The long run's answer to the person's prompt, beside their run's completions: the same request
// (prompt, sampling, seeds), so what differs is how long the same model trained. Headed "The same
// model after 3.1 h", as the person's own columns are headed "Your run after 2:00 of training". The
// step is the one the worker says answered (known once it starts); another snapshot chosen since is
// said beside it. An error is said with the answer.
import { usePlayground } from '../store/store';
import { trainedFor } from '../protocol/longRun';
import { fmtInt } from './format';

export function LongRunAnswer() {
  const answer = usePlayground((s) => s.longRunAnswer);
  const snapshot = usePlayground((s) => s.longRun?.manifest?.snapshots.find((x) => x.step === s.longRunAnswer?.step));
  const chosen = usePlayground((s) => s.longRun?.step ?? null);
  if (!answer) return null;
  // Another snapshot chosen since it answered: this answer stays the old step's until asked again.
  const moved = chosen !== null && answer.step !== null && chosen !== answer.step;
  const when = snapshot ? (snapshot.step === 0 ? 'untrained' : `after ${trainedFor(snapshot.wallSeconds)}`) : '';
  const which = answer.step === null ? 'the long run' : `the long run at step ${fmtInt(answer.step)}`;
  return (
    <div className="completions long-run-answer" aria-label="The long run's completions" aria-live="polite" aria-busy={answer.running}>
      <p className="completions-head">
        <strong>The same model {when}</strong> <span className="muted">({which}, same prompt and seeds)</span>
        {moved && <em> (you chose step {fmtInt(chosen)}: Generate asks it)</em>}
      </p>
      {answer.error && (
        <p className="note" role="alert">
          The long run could not answer: {answer.error}
        </p>
      )}
      {answer.notices.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      <div className="completion-columns">
        {answer.texts.map((text, i) => (
          <figure key={i} className="completion-column">
            <pre className="completion">
              <span className="prompt-echo">{answer.prompt}</span>
              <span data-testid="long-run-text">{text}</span>
              {answer.running && <span className="cursor">▍</span>}
            </pre>
            <figcaption>
              <span className="muted">seed +{i}</span>
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
