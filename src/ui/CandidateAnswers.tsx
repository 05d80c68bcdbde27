// A person's own few-shot prompt: write examples and a query, list candidate answers, and see
// how likely the model finds each (its probability after the prompt, and its share among them).
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import type { SyntheticTaskId } from '../protocol/fewShot';

const MAX_CANDIDATES = 8;

/** A prompt to start from, in each lab task's own format. */
const EXAMPLES: Record<SyntheticTaskId, { prompt: string; candidates: string }> = {
  copy: { prompt: '\nfc%fc%fc%fc', candidates: '%fc, #fc, %fd' },
  recall: { prompt: '\nc5 h2 n8 a1 ?h', candidates: '2, 5, 8' },
  shift: { prompt: '\na>d c>f h>k e>', candidates: 'h, g, b' },
};

export function CandidateAnswers({ task }: { task: SyntheticTaskId }) {
  const { scores, scoreCandidates } = usePlayground(useShallow((s) => ({ scores: s.candidateScores, scoreCandidates: s.scoreCandidates })));
  const [prompt, setPrompt] = useState(EXAMPLES[task].prompt);
  const [list, setList] = useState(EXAMPLES[task].candidates);
  const candidates = list
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  const problem =
    candidates.length === 0
      ? 'Give at least one candidate.'
      : candidates.length > MAX_CANDIDATES
        ? `At most ${MAX_CANDIDATES} candidates.`
        : undefined;
  const result = scores?.result;
  return (
    <div className="candidates">
      <h3>Your own few-shot prompt</h3>
      <label htmlFor="candidate-prompt">Prompt (examples, then the query)</label>
      <textarea id="candidate-prompt" rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      <div className="row">
        <div className={`field grow${problem ? ' invalid' : ''}`}>
          <label htmlFor="candidate-list">Candidate answers, comma-separated</label>
          <input id="candidate-list" value={list} onChange={(e) => setList(e.target.value)} />
          {problem && (
            <span className="field-error" role="alert">
              {problem}
            </span>
          )}
        </div>
        <button type="button" onClick={() => scoreCandidates(prompt, candidates)} disabled={problem !== undefined}>
          Score the answers
        </button>
      </div>
      {result && (
        <ol className="bars" aria-label="Candidate probabilities">
          {result.scores.map((s, i) => (
            // by position: candidates may repeat
            <li key={i} className="bar-row">
              <code className="bar-label">{s.candidate}</code>
              <span className="bar" style={{ width: `${100 * s.normalised}%` }} />
              <span className="bar-value" title={`P(answer | prompt) = ${s.probability.toExponential(2)}`}>
                {Math.round(100 * s.normalised)}%
              </span>
            </li>
          ))}
        </ol>
      )}
      {result?.notices.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
    </div>
  );
}
