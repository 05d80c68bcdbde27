// Every way a corpus reaches the page (files dropped anywhere, the Choose file button, pasted
// text, the corpus menu, a new tokenizer) goes through here: one full-page drop zone, and the
// question before a checked corpus replaces a trained model (the worker holds it until then).
import { createContext, useContext, useEffect, useMemo } from 'react';
import { useDropzone } from 'react-dropzone';
import { usePlayground } from '../store/store';
import { useConfirm } from './useConfirm';
import { useReplaceRun } from './useReplaceRun';
import { fateOfRun } from './replaceWords';
import { filesFromEvent } from './dropFiles';
import { echo, echoList } from '../protocol/echo';
import { checkModelFile } from './checkModelFile';

export interface CorpusIntake {
  chooseFiles(): void;
}

const IntakeContext = createContext<CorpusIntake | null>(null);

export function useCorpusIntake(): CorpusIntake {
  const intake = useContext(IntakeContext);
  if (!intake) throw new Error('useCorpusIntake outside CorpusIntakeProvider');
  return intake;
}

export function CorpusIntakeProvider({ children }: { children: React.ReactNode }) {
  const [dialog, ask, dismiss] = useConfirm('Switch');
  const staged = usePlayground((s) => (s.corpusStatus.kind === 'staged' ? s.corpusStatus.name : null));
  const loadFiles = usePlayground((s) => s.loadFiles);
  const importModel = usePlayground((s) => s.importModel);
  const [replaceDialog, confirmReplace] = useReplaceRun();
  const pushAlert = usePlayground((s) => s.pushAlert);
  // A broken file is refused before the person is asked to give up their run for it.
  const importChecked = async (model: File) => {
    const problem = await checkModelFile(model);
    if (problem) return pushAlert(problem);
    if (await confirmReplace(`Importing ${echo(model.name)}`)) void importModel(model);
  };

  useEffect(() => {
    if (staged === null) return dismiss(); // the worker dropped the question (a Reset, say)
    const { step, run, runState, commitCorpus } = usePlayground.getState();
    // During a lab the text replaces the person's own run, kept aside (paused); the lab ends with a yes only.
    const kept = run?.kept;
    const fate = kept ? fateOfRun(kept.step, kept.saved, false) : fateOfRun(step, run?.saved, runState === 'running');
    const labEnds = kept ? 'ends the lab and ' : '';
    void ask(`Training on ${staged} ${labEnds}changes the vocabulary, so it starts a fresh model: ${fate}. Continue?`).then(commitCorpus);
  }, [staged, ask, dismiss]);

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    noClick: true,
    noKeyboard: true,
    getFilesFromEvent: (event) =>
      filesFromEvent(event, (paths) =>
        pushAlert(`Could not read ${echoList(paths, { quote: true })} (moved during the drop, or not allowed); the other files were read.`),
      ),
    onError: () => pushAlert('The dropped files could not be read. Drop them again, or use Choose file.'),
    // A model file is imported; every other file goes to the worker, which says what is wrong
    // with it (a PNG, an empty file, …).
    onDrop: (accepted, rejected) => {
      const files = [...accepted, ...rejected.map((r) => r.file)];
      const model = files.find((f) => /\.safetensors$/i.test(f.name));
      if (model) void importChecked(model);
      else if (files.length > 0) void loadFiles(files);
    },
  });
  const value = useMemo(() => ({ chooseFiles: open }), [open]);

  return (
    <IntakeContext.Provider value={value}>
      <div {...getRootProps({ className: 'drop-root' })} data-testid="drop-zone">
        <input {...getInputProps()} aria-label="Choose text files" />
        {children}
        {isDragActive && (
          <div className="drop-overlay" aria-hidden="true">
            <p>Drop a text file to train on it, or an exported .safetensors model to bring it back</p>
          </div>
        )}
      </div>
      {dialog}
      {replaceDialog}
    </IntakeContext.Provider>
  );
}
