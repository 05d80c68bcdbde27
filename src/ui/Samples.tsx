// The fixed-seed sample taken every sampleEvery steps, newest first: gibberish, then letters and
// spaces, then words, then phrases.
import { usePlayground } from '../store/store';
import { fmtInt } from './format';
import { tokenUnit } from '../protocol/reports';

export function Samples() {
  const samples = usePlayground((s) => s.samples);
  const { sampleEvery: every, sampleLength } = usePlayground((s) => s.settings);
  const unit = usePlayground((s) => tokenUnit(s.corpus?.tokenizer));
  return (
    <section className="card samples" aria-label="Samples during training">
      <h2>What it writes as it learns</h2>
      <p className="muted">Every {fmtInt(every)} steps the model writes {fmtInt(sampleLength)} {unit}s from the same seed, so only its weights differ.</p>
      {samples.length === 0 ? (
        <p className="muted">The first sample appears when training starts.</p>
      ) : (
        <ol className="sample-list" reversed>
          {[...samples].reverse().map((s) => (
            <li key={s.step}>
              <span className="badge">step {fmtInt(s.step)}</span>
              <pre>{s.text}{s.cut && <span className="cut-note" title="Pause stopped this sample part-way"> … (cut short)</span>}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
