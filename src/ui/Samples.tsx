// The fixed-seed sample taken every sampleEvery steps, newest first: gibberish, then letters and
// spaces, then words, then phrases.
import { usePlayground } from '../store/store';

export function Samples() {
  const samples = usePlayground((s) => s.samples);
  const every = usePlayground((s) => s.settings.sampleEvery);
  return (
    <section className="card samples" aria-label="Samples during training">
      <h2>What it writes as it learns</h2>
      <p className="muted">Every {every.toLocaleString('en-US')} steps the model writes a sample from the same seed, so only its weights differ.</p>
      {samples.length === 0 ? (
        <p className="muted">The first sample appears when training starts.</p>
      ) : (
        <ol className="sample-list" reversed>
          {[...samples].reverse().map((s) => (
            <li key={s.step}>
              <span className="badge">step {s.step.toLocaleString('en-US')}</span>
              <pre>{s.text}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
