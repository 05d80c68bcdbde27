// The compared runs side by side: each column names its text, preset, steps and validation loss,
// shows the prompt and what that run wrote after it, and its next-token bars for the prompt, so the
// same question answered by models that read different texts can be read across. A run that could
// not answer says why in its place.
import type { Comparison } from '../store/compare';
import type { CompareColumn } from '../protocol/compare';

const percent = (p: number): string => `${(100 * p).toFixed(p >= 0.1 ? 0 : 1)}%`;

/** @param nameOf the text a saved run learned, if the page still lists it (a run that is gone is named by its place). */
export function CompareColumns({ comparison, nameOf }: { comparison: Comparison; nameOf: (savedId: string) => string | undefined }) {
  return (
    <div className="compare-columns" style={{ gridTemplateColumns: `repeat(${comparison.columns.length}, minmax(0, 1fr))` }}>
      {comparison.columns.map((c, i) => {
        if (c) return <Column key={c.savedId} column={c} prompt={comparison.prompt} />;
        const failure = comparison.failures[i];
        if (failure) {
          const name = nameOf(comparison.savedIds[i]) ?? `Run ${i + 1}`;
          return (
            <figure key={i} className="compare-column" aria-label={`Run on ${name}`}>
              <figcaption>
                <h3>{name}</h3>
              </figcaption>
              <p className="alert" role="alert">
                {failure}
              </p>
            </figure>
          );
        }
        return (
          <div key={i} className="compare-column muted">
            {comparison.running ? 'Loading the run and writing…' : 'Not written.'}
          </div>
        );
      })}
    </div>
  );
}

function Column({ column: c, prompt }: { column: CompareColumn; prompt: string }) {
  const top = c.next[0]?.p ?? 1;
  const loss =
    c.valLoss === undefined
      ? 'no validation loss yet'
      : `val loss ${c.valLoss.toFixed(3)} at step ${(c.valLossStep ?? c.step).toLocaleString('en-US')}`;
  return (
    <figure className="compare-column" aria-label={`Run on ${c.corpusName}`}>
      <figcaption>
        <h3>{c.corpusName}</h3>
        <p className="muted small">
          {c.preset} · {c.params.toLocaleString('en-US')} parameters ·{' '}
          {c.tokenizer.kind === 'bpe' ? `BPE ${c.tokenizer.vocabSize}` : 'characters'} · {c.step.toLocaleString('en-US')} steps · {loss}
        </p>
      </figcaption>
      <pre className="completion" data-testid="compare-text">
        <span className="prompt-echo">{prompt}</span>
        {c.text}
      </pre>
      {c.notices.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      <ol className="bars" aria-label={`Next token after the prompt, ${c.corpusName}`}>
        {c.next.slice(0, 5).map((t) => (
          <li key={t.id} className="bar-row">
            <code className="bar-label">{t.text}</code>
            <span className="bar" style={{ width: `${(100 * t.p) / top}%` }} />
            <span className="bar-value">{percent(t.p)}</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
