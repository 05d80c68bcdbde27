// The fixed-seed sample taken every sampleEvery steps, newest first: gibberish, then letters and
// spaces, then words, then phrases. A long run keeps thousands: the newest few are shown, the
// rest on request, and each is drawn once (a new sample adds one item, it does not redraw the list).
import { memo, useState } from 'react';
import { usePlayground } from '../store/store';
import { fmtInt } from './format';
import { tokenUnit, type Sample } from '../protocol/reports';

/** Samples shown until the person asks for all of them. */
const SHOWN = 30;

const SampleItem = memo(function SampleItem({ sample }: { sample: Sample }) {
  return (
    <li>
      <span className="badge">step {fmtInt(sample.step)}</span>
      <pre>
        {sample.text}
        {sample.cut && (
          <span className="cut-note" title="Pause stopped this sample part-way">
            {' '}
            … (cut short)
          </span>
        )}
      </pre>
    </li>
  );
});

export function Samples() {
  const samples = usePlayground((s) => s.samples);
  const every = usePlayground((s) => s.settings.sampleEvery);
  const sampleLength = usePlayground((s) => s.settings.sampleLength);
  const unit = usePlayground((s) => tokenUnit(s.corpus?.tokenizer));
  const [all, setAll] = useState(false);
  const shown = all ? samples : samples.slice(-SHOWN);
  return (
    <section className="card samples" aria-label="Samples during training">
      <h2>What it writes as it learns</h2>
      <p className="muted">
        Every {fmtInt(every)} steps the model writes {fmtInt(sampleLength)} {unit}s from the same seed, so only its weights differ.
      </p>
      {samples.length === 0 ? (
        <p className="muted">The first sample appears when training starts.</p>
      ) : (
        <ol className="sample-list" reversed>
          {[...shown].reverse().map((s) => (
            <SampleItem key={s.step} sample={s} />
          ))}
        </ol>
      )}
      {samples.length > SHOWN && (
        <p className="muted small">
          {all ? `All ${fmtInt(samples.length)} samples.` : `The newest ${SHOWN} of ${fmtInt(samples.length)} samples.`}
          <button type="button" className="link" onClick={() => setAll(!all)}>
            {all ? `Show the newest ${SHOWN}` : 'Show all'}
          </button>
        </p>
      )}
    </section>
  );
}
