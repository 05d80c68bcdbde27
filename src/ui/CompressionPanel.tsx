// Compress / Decompress… with the model: arithmetic coding driven by the model's next-token
// probabilities, on a paragraph the person pastes, a .txt file of theirs, or the validation text.
// Compress downloads a .ppac file; Decompress… reads one back through a file picker and says
// whether the text is identical. Both run in the worker (progress, Stop) while training is paused.
import { useRef, useState, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { COMPRESS_LIMIT_CHARS, COMPRESSED_EXTENSION, type CompressTarget } from '../protocol/compression';
import { CompressionResult } from './CompressionResult';
import { readChosenText, type ChosenText } from './chosenTextFile';

type Source = 'paste' | 'file' | 'validation';
const int = (n: number) => n.toLocaleString('en-US');
const characters = (text: string) => [...text].length;

export function CompressionPanel() {
  const s = usePlayground(
    useShallow((s) => ({
      runState: s.runState,
      corpusName: s.corpus?.name ?? 'the text',
      coding: s.coding,
      codingError: s.codingError,
      codingStopped: s.codingStopped,
      compress: s.compress,
      decompress: s.decompress,
      stopCoding: s.stopCoding,
      pushAlert: s.pushAlert,
    })),
  );
  const [source, setSource] = useState<Source>('paste');
  const [pasted, setPasted] = useState('');
  /** The chosen .txt file: its text, or only its size when it is certainly over the limit (not read). */
  const [file, setFile] = useState<ChosenText | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const still = s.runState !== 'running' && s.runState !== 'loading';
  const text = source === 'paste' ? pasted : source === 'file' ? (file?.text ?? '') : null;
  const length = text === null ? 0 : characters(text);
  const unread = source === 'file' && file !== null && file.text === null; // bytes > 4 × the limit: over it whatever the text
  const over = length > COMPRESS_LIMIT_CHARS || unread;
  const ready = source === 'validation' || (length > 0 && !over);
  const target: CompressTarget =
    source === 'validation'
      ? { kind: 'validation' }
      : { kind: 'text', name: source === 'file' ? (file?.name ?? 'a file') : 'the pasted text', text: text ?? '' };

  const readText = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    const chosen = f ? await readChosenText(f, s.pushAlert) : null;
    if (chosen) setFile(chosen);
  };
  const readCompressed = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = ''; // the same file may be chosen again
    if (f) void s.decompress(f);
  };

  return (
    <section className="card compression" aria-label="Compress with the model">
      <h2>Compress with the model</h2>
      <p className="muted">
        Pre-training is compression. Arithmetic coding spends −log₂ p bits on each token the model gave probability p, so the better it
        predicts a text, the smaller the file: here, against gzip on the same text. Decompressing needs the file and these very weights, on
        this backend; a file from other weights is refused.
      </p>
      <div className="row" role="radiogroup" aria-label="What to compress">
        {(
          [
            ['paste', 'A paragraph'],
            ['file', 'A .txt file'],
            ['validation', `The validation text of ${s.corpusName}`],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="check">
            <input type="radio" name="compress-source" checked={source === value} onChange={() => setSource(value)} />
            {label}
          </label>
        ))}
      </div>
      {source === 'paste' && (
        <textarea
          aria-label="Text to compress"
          rows={6}
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          placeholder="Paste a paragraph…"
        />
      )}
      {source === 'file' && (
        <input type="file" accept=".txt,text/plain" aria-label="Text file to compress" onChange={(e) => void readText(e)} />
      )}
      <p className={over ? 'field-error' : 'muted'}>
        {source === 'validation'
          ? `Its first ${int(COMPRESS_LIMIT_CHARS)} characters at most.`
          : over
            ? `${unread ? `This file has ${int(file?.bytes ?? 0)} bytes, so more than ${int(COMPRESS_LIMIT_CHARS)} characters` : `This text has ${int(length)} characters`}; Compress takes at most ${int(COMPRESS_LIMIT_CHARS)}. Compress a part of it.`
            : `${int(length)} of at most ${int(COMPRESS_LIMIT_CHARS)} characters.`}
      </p>
      <div className="row">
        <button type="button" disabled={!still || !ready || s.coding !== null} onClick={() => s.compress(target)}>
          Compress
        </button>
        <button type="button" disabled={!still || s.coding !== null} onClick={() => picker.current?.click()}>
          Decompress…
        </button>
        <input ref={picker} type="file" hidden accept={COMPRESSED_EXTENSION} aria-label="Compressed file" onChange={readCompressed} />
        {s.coding && (
          <span className="progress" role="status" aria-label="Coding progress">
            {s.coding.kind === 'compress' ? 'Compressing' : 'Decompressing'} {int(s.coding.done)} / {int(s.coding.total)} tokens
            <progress max={s.coding.total} value={s.coding.done} />
            <button type="button" onClick={s.stopCoding}>
              Stop
            </button>
          </span>
        )}
      </div>
      {!still && s.runState === 'running' && (
        <p className="muted">Pause training to compress or decompress: the weights must stay still.</p>
      )}
      {s.codingStopped && <p className="muted">{s.codingStopped} Nothing was written.</p>}
      {s.codingError && (
        <p className="alert" role="alert">
          {s.codingError}
        </p>
      )}
      <CompressionResult />
    </section>
  );
}
