// While a lab trains a run of its own, the page says so once, at the top: which lab, and that the
// person's own run is kept, paused, as it was, with the way back to it. The few-shot lab ends
// when the person goes back (or does anything to their own run); the scale lab ends by itself.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { useScaleLab } from '../store/useScaleLab';
import { labTask } from '../store/selectors';
import { fmtInt } from './format';

export function LabBanner() {
  const { lab, kept, task, pending, endLab } = usePlayground(
    useShallow((s) => ({ lab: s.run?.lab, kept: s.run?.kept, task: labTask(s), pending: s.labPending, endLab: s.endLab })),
  );
  const stopScaleLab = useScaleLab((s) => s.stop);
  const scaleLabOn = useScaleLab((s) => s.active !== null);
  if (!lab || !kept) return null;
  const yours = `${kept.corpusName}, step ${fmtInt(kept.step)}`;
  const what =
    lab === 'fewshot'
      ? `Few-shot lab: training “${task?.name ?? 'a task'}” with a small model of its own.`
      : 'Scale lab: training its presets in turn.';
  const back = () => (lab === 'scale' && scaleLabOn ? stopScaleLab() : void endLab());
  return (
    <section className="card lab-banner" aria-label="Lab in progress" role="status">
      <p>
        <strong>{what}</strong> Your own run ({yours}) is kept, paused, as it was: its settings, link and saved runs are untouched.
      </p>
      <button type="button" onClick={back} disabled={pending !== null}>
        {lab === 'scale' ? 'Stop the lab' : 'Back to your run'}
      </button>
    </section>
  );
}
