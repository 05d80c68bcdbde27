// Train / Pause / Resume / Reset. Buttons follow the run state the worker reports; Reset asks
// first once the run has taken steps, because the weights are thrown away.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { useConfirm } from './useConfirm';
import { fmtInt } from './format';
import { fateOfRun } from './replaceWords';

export function Controls() {
  const { runState, starting, compiling, replacing, step, saved, maxSteps, train, pause, resume, reset } = usePlayground(
    useShallow((s) => ({
      runState: s.runState,
      step: s.step,
      saved: s.run?.saved,
      maxSteps: s.settings.maxSteps,
      compiling: s.compiling,
      // Running, and nothing measured yet: the first evaluation and step (shaders compile) take longest.
      starting: s.runState === 'running' && s.points.length === 0,
      // A new run is on its way (Apply, a corpus switch): Train would reach the old one.
      replacing: s.applying !== null || s.corpusStatus.kind === 'committing',
      train: s.train,
      pause: s.pause,
      resume: s.resume,
      reset: s.reset,
    })),
  );
  const [dialog, ask] = useConfirm('Reset');
  const onReset = async () => {
    if (step > 0 && !(await ask(`Reset starts a fresh model: ${fateOfRun(step, saved, runState === 'running')}. Continue?`))) return;
    reset();
  };
  const label = {
    loading: 'Preparing…',
    idle: 'Ready',
    // WebGPU compiles the step's pipelines before the first step (train/shaderWarmup.ts).
    running: compiling
      ? `Starting: compiling GPU kernels ${fmtInt(compiling.done)}/${fmtInt(compiling.total)}`
      : starting
        ? 'Starting: first steps…'
        : 'Training',
    paused: 'Paused',
    done: `Done: ${fmtInt(maxSteps)} steps`,
    failed: 'Stopped',
  }[runState];
  return (
    <div className="controls" role="toolbar" aria-label="Run controls">
      <button type="button" className="primary" onClick={train} disabled={runState !== 'idle' || replacing}>
        Train
      </button>
      <button type="button" onClick={pause} disabled={runState !== 'running'}>
        Pause
      </button>
      <button type="button" onClick={resume} disabled={runState !== 'paused'}>
        Resume
      </button>
      <button type="button" onClick={() => void onReset()} disabled={runState === 'loading'}>
        Reset
      </button>
      <span className={`run-state run-state-${runState}`} role="status" aria-label="Run state">
        {label}
      </span>
      {dialog}
    </div>
  );
}
