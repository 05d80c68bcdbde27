// The corpus: which text the model learns (a bundled book, State of the Union addresses, or the
// person's own files or pasted text), how it is tokenized, and what it looks like.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { useCorpusIntake } from './CorpusIntake';
import { Facts } from './Facts';
import { fmtBytes, fmtCompact, fmtInt } from './format';
import { personCorpus, personTextChoice, textChoice } from '../store/selectors';
import { BOOK_IDS, BOOKS, parseTextChoice } from '../protocol/texts';
import { BPE_VOCAB_RANGE } from '../protocol/limits';
import { SYNTHETIC_TASKS } from '../protocol/fewShot';
import { parseInRange } from '../protocol/range';
import { NumberField } from './NumberField';
import { tokenLabel, tokenTitle } from '../protocol/tokenLabel';
import { echoList } from '../protocol/echo';

/** In the order they are joined: by name, numbers compared as numbers. */
const fileNames = (files: File[]) =>
  files
    .map((f) => f.name)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .join(', ');

export function CorpusPanel() {
  const { corpus, choice, yours, ownName, ownFiles, lab, status, selectBook, startTask, endLab, loadFiles, loadText, setTokenizer } =
    usePlayground(
      useShallow((s) => ({
        corpus: s.corpus,
        choice: textChoice(s),
        yours: personTextChoice(s),
        // The menu names the person's own text: their run's, when it learns one, else the files they gave last.
        ownName: personCorpus(s)?.origin.kind === 'own' ? personCorpus(s)?.name : s.ownFiles && fileNames(s.ownFiles),
        ownFiles: s.ownFiles,
        lab: s.run?.lab,
        status: s.corpusStatus,
        selectBook: s.selectBook,
        startTask: s.startTask,
        endLab: s.endLab,
        loadFiles: s.loadFiles,
        loadText: s.loadText,
        setTokenizer: s.setTokenizer,
      })),
    );
  const tokenizer = corpus?.tokenizer ?? { kind: 'char' as const };
  const intake = useCorpusIntake();
  const [bpeSize, setBpeSize] = useState(String(tokenizer.kind === 'bpe' ? tokenizer.vocabSize : 1024));
  const [pasted, setPasted] = useState('');
  const parsedSize = parseInRange(BPE_VOCAB_RANGE, bpeSize);
  const size = parsedSize.ok ? parsedSize.value : NaN;
  const sizeError = parsedSize.ok ? undefined : parsedSize.message;
  const busy = status.kind !== 'idle';

  const chooseCorpus = (value: string) => {
    const id = parseTextChoice(value);
    if (id === undefined) return;
    if (lab && id === yours) return void endLab(); // the text the person's own run is on: back to that run, as it was
    if (id === 'own') {
      if (ownFiles) void loadFiles(ownFiles);
    } else if (id === 'moby-dick' || id === 'sotu') selectBook(id);
    else void startTask(id);
  };

  return (
    <section className="card corpus" aria-label="Corpus">
      <h2>Corpus</h2>
      <div className="row">
        <div className="field grow">
          <label htmlFor="corpus-menu">Text to learn</label>
          <select id="corpus-menu" value={choice} onChange={(e) => chooseCorpus(e.target.value)} disabled={busy}>
            {BOOK_IDS.map((id) => (
              <option key={id} value={id}>
                {BOOKS[id].menuName}
              </option>
            ))}
            <option value="own" disabled={!ownName}>
              Your text{ownName ? `: ${ownName}` : ' (drop, choose or paste a file)'}
            </option>
            <optgroup label="Few-shot lab (a small model of its own)">
              {SYNTHETIC_TASKS.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <button type="button" onClick={intake.chooseFiles} disabled={busy}>
          Choose file
        </button>
      </div>
      {status.kind === 'preparing' && (
        <div className="progress" role="status" aria-label="Corpus progress">
          <span>{status.phase}…</span>
          <progress max={1} value={status.phase === 'training BPE' ? status.fraction : undefined} />
        </div>
      )}
      {corpus ? (
        <Facts
          rows={[
            ['name', <strong key="n">{corpus.name}</strong>],
            ['size', `${fmtBytes(corpus.bytes)} (${fmtInt(corpus.bytes)} bytes) · ${fmtInt(corpus.characters)} characters`],
            [
              'vocabulary',
              corpus.tokenizer.kind === 'char'
                ? `${fmtInt(corpus.vocabSize)} symbols (character-level)`
                : `${fmtInt(corpus.vocabSize)} tokens (byte-level BPE)`,
            ],
            ['tokens', `${fmtInt(corpus.tokens)} · train ${fmtCompact(corpus.trainTokens)} / val ${fmtCompact(corpus.valTokens)}`],
          ]}
        />
      ) : (
        <p className="muted">Loading the book…</p>
      )}
      {corpus?.notices.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      {corpus?.tokenizer.kind === 'bpe' && corpus.vocabSize < corpus.tokenizer.vocabSize && (
        <p className="note">
          BPE stopped at {fmtInt(corpus.vocabSize)} of the {fmtInt(corpus.tokenizer.vocabSize)} tokens asked: after{' '}
          {fmtInt(corpus.vocabSize - 256)} merges no pair of tokens occurs twice in this text, so none is worth a token of its own. A longer
          text gives a larger vocabulary.
        </p>
      )}
      <div className="row tokenizer" role="group" aria-label="Tokenizer settings">
        <div className="field">
          <label htmlFor="tokenizer-kind">Tokenizer</label>
          <select
            id="tokenizer-kind"
            value={tokenizer.kind}
            disabled={busy || !corpus || lab === 'fewshot'}
            onChange={(e) => {
              // With a size out of range, BPE waits: the field says what to fix.
              if (e.target.value === 'char') setTokenizer({ kind: 'char' });
              else if (!sizeError) setTokenizer({ kind: 'bpe', vocabSize: size });
            }}
          >
            <option value="char">Character</option>
            <option value="bpe">BPE</option>
          </select>
        </div>
        <NumberField
          label="BPE vocabulary"
          value={bpeSize}
          onChange={setBpeSize}
          error={sizeError}
          step="1"
          hint={`${BPE_VOCAB_RANGE.min} to ${BPE_VOCAB_RANGE.max} tokens`}
        />
        {tokenizer.kind === 'bpe' && !sizeError && size !== tokenizer.vocabSize && (
          <button type="button" onClick={() => setTokenizer({ kind: 'bpe', vocabSize: size })}>
            Retrain BPE
          </button>
        )}
      </div>
      {corpus?.tokenizer.kind === 'bpe' && corpus.firstMerges.length === 0 && (
        <p className="muted">No merges: a vocabulary of 256 is the bytes alone, so every token is one byte.</p>
      )}
      {corpus && corpus.firstMerges.length > 0 && (
        <p className="merges" aria-label="First merges">
          <span className="muted">First merges: </span>
          {corpus.firstMerges.map((m, i) => (
            <code key={i} title={tokenTitle(m)}>
              {tokenLabel(m).shown}
            </code>
          ))}
        </p>
      )}
      {corpus && (
        <details className="preview">
          <summary>Preview{corpus.names.length > 1 ? ` (${corpus.names.length} files: ${echoList(corpus.names)})` : ''}</summary>
          <pre>{corpus.preview}</pre>
        </details>
      )}
      <details className="paste">
        <summary>Paste text</summary>
        <label htmlFor="paste-text" className="visually-hidden">
          Paste text
        </label>
        <textarea
          id="paste-text"
          rows={4}
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          placeholder="Paste any text here: a few kilobytes at least."
        />
        <div className="row end">
          <button type="button" className="primary" disabled={pasted.trim() === '' || busy} onClick={() => void loadText(pasted)}>
            Use this text
          </button>
        </div>
      </details>
    </section>
  );
}
