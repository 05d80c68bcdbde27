// Train / Pause / Resume / Reset. Buttons follow the run state the worker reports; Reset asks
// first once the run has taken steps, because the weights are thrown away. The keyboard's focus
// follows the run: after Train it is on Pause, after Pause on Resume.
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { useScaleLab } from '../store/useScaleLab';
import { useConfirm } from './useConfirm';
import { fmtInt } from './format';
import { fateOfRun } from './replaceWords';

export function Controls() {
  const { runState, starting, compiling, replacing, step, saved, lab, maxSteps, train, pause, resume, reset } = usePlayground(
    useShallow((s) => ({
      runState: s.runState,
      step: s.step,
      saved: s.run?.saved,
      lab: s.run?.lab,
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
  const scaleLabOn = useScaleLab((s) => s.active !== null);
  // A pressed button that the new state disables (Train once running, Pause once paused) would drop
  // the keyboard's focus to the page: it moves to the control for the new state instead.
  const pressed = useRef(false);
  const toolbar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!pressed.current || runState === 'loading') return;
    pressed.current = false;
    const focused = document.activeElement;
    if (focused && focused !== document.body && !(focused instanceof HTMLButtonElement && focused.disabled)) return;
    const next = { idle: 'Train', running: 'Pause', paused: 'Resume', done: 'Reset', failed: 'Reset' }[runState];
    const button = [...(toolbar.current?.querySelectorAll('button') ?? [])].find((b) => b.textContent === next && !b.disabled);
    button?.focus();
  }, [runState]);
  const press = (action: () => void) => () => {
    pressed.current = true;
    action();
  };
  const onReset = async () => {
    // A lab's run is saved among its lab's runs when it is replaced: nothing of it is lost.
    const fate = lab
      ? `the ${lab === 'fewshot' ? 'few-shot' : 'scale'} lab's run so far is kept among its saved runs`
      : fateOfRun(step, saved, runState === 'running');
    if (step > 0 && !(await ask(`Reset starts a fresh model: ${fate}. Continue?`))) return;
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
    <div className="controls" role="toolbar" aria-label="Run controls" ref={toolbar}>
      <button type="button" className="primary" onClick={press(train)} disabled={runState !== 'idle' || replacing}>
        Train
      </button>
      <button type="button" onClick={press(pause)} disabled={runState !== 'running'}>
        Pause
      </button>
      <button type="button" onClick={press(resume)} disabled={runState !== 'paused'}>
        Resume
      </button>
      <button
        type="button"
        onClick={() => void onReset()}
        disabled={runState === 'loading' || scaleLabOn}
        title={scaleLabOn ? 'The scale lab is training its presets: Stop it first' : undefined}
      >
        Reset
      </button>
      <span className={`run-state run-state-${runState}`} role="status" aria-label="Run state">
        {label}
      </span>
      {dialog}
    </div>
  );
}
