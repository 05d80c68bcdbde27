// While a lab's run is on the page, the page says so once, at the top: which lab and which run,
// and that the person's own run is kept, paused, as it was, with the way back to it. The few-shot
// lab ends when the person goes back (or does anything to their own run); the scale lab ends by
// itself, or with Stop while it trains its presets. A lab run loaded from Saved runs is said as such.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { useScaleLab } from '../store/useScaleLab';
import { labTask } from '../store/selectors';
import { fmtInt } from './format';

export function LabBanner() {
  const { lab, kept, task, preset, runState, pending, endLab } = usePlayground(
    useShallow((s) => ({
      lab: s.run?.lab,
      kept: s.run?.kept,
      task: labTask(s),
      preset: s.model?.preset,
      runState: s.runState,
      pending: s.labPending,
      endLab: s.endLab,
    })),
  );
  const stopScaleLab = useScaleLab((s) => s.stop);
  const scaleLabOn = useScaleLab((s) => s.active !== null);
  if (!lab || !kept) return null;
  const state = { running: 'training', done: 'finished', idle: 'ready to train', paused: 'paused', failed: 'stopped', loading: 'loading' }[
    runState
  ];
  const what =
    lab === 'fewshot'
      ? `Few-shot lab: “${task?.name ?? 'a task'}”, a small model of its own (${state}).`
      : scaleLabOn
        ? 'Scale lab: training its presets in turn.'
        : `Scale lab: its ${preset ?? ''} run, loaded from Saved runs.`;
  const yours = kept.step > 0 ? `${kept.corpus.name}, step ${fmtInt(kept.step)}` : `${kept.corpus.name}, not trained yet`;
  const stop = lab === 'scale' && scaleLabOn;
  return (
    <section className="card lab-banner" aria-label="Lab in progress" role="status">
      <p>
        <strong>{what}</strong> Your own run ({yours}) is kept, paused, as it was: its settings, link and saved runs are untouched.
      </p>
      <button type="button" onClick={() => (stop ? stopScaleLab() : void endLab())} disabled={pending}>
        {stop ? 'Stop the lab' : 'Back to your run'}
      </button>
    </section>
  );
}
