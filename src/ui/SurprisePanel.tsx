// How surprised the model is by each token of the prompt: coloured by the probability it gave
// that token (green: expected, red: a surprise); hover or focus a token for its probability,
// rank and −log p. With the text's mean loss, bits per character and perplexity.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import type { ScoredToken } from '../protocol/scoring';
import { tokenUnit } from '../protocol/reports';
import { fmtFixed, fmtInt, fmtPerplexity } from './format';
import { tokenLabel, tokenTitle } from '../protocol/tokenLabel';

/** Green when the model expected the token, red when it gave it almost nothing (log scale). */
function colour(t: ScoredToken, vocabSize: number): string {
  if (t.nll === null) return 'transparent';
  const surprise = Math.min(1, t.nll / Math.log(vocabSize)); // 0 = certain, 1 = no better than random guessing
  return `hsl(${Math.round(120 * (1 - surprise))} 75% 85%)`;
}

const describe = (t: ScoredToken): string =>
  t.p === null
    ? `${tokenTitle(t.text)}: the first token, with nothing before it to predict it from`
    : `${tokenTitle(t.text)}: p = ${(100 * t.p).toFixed(2)}%, rank ${t.rank}, −log p = ${t.nll?.toFixed(2)} nats`;

export function SurprisePanel() {
  const { score, vocabSize, unit } = usePlayground(
    useShallow((s) => ({ score: s.textScore.score, vocabSize: s.corpus?.vocabSize ?? 2, unit: tokenUnit(s.corpus?.tokenizer) })),
  );
  return (
    <section className="card surprise" aria-label="Surprise">
      <h2>Surprise</h2>
      <p className="muted">
        The prompt, each {unit} coloured by the probability the model gave it (its own, at temperature 1): green expected, red a surprise.
      </p>
      {score === null || score.perToken.length === 0 ? (
        <p className="muted">Type a prompt to see it scored.</p>
      ) : (
        <>
          <p className="surprise-text">
            {score.perToken.map((t, i) => (
              <span
                key={i}
                className="scored"
                style={{ background: colour(t, vocabSize) }}
                tabIndex={0}
                title={describe(t)}
                aria-label={describe(t)}
              >
                {tokenLabel(t.text).shown}
              </span>
            ))}
          </p>
          {score.notices.map((n) => (
            <p key={n} className="note">
              {n}
            </p>
          ))}
          {score.croppedTo !== undefined && (
            <p className="note">
              Only the last {fmtInt(score.croppedTo)} {unit}s fit in the context; they are what is scored.
            </p>
          )}
          <dl className="facts">
            <div>
              <dt>mean loss</dt>
              <dd>
                {fmtFixed(score.meanNll ?? undefined, 3)} nats/{unit}
              </dd>
            </div>
            <div>
              <dt>bits per character</dt>
              <dd>{fmtFixed(score.bitsPerChar ?? undefined, 3)}</dd>
            </div>
            <div>
              <dt>perplexity</dt>
              <dd>{fmtPerplexity(score.perplexity ?? undefined)}</dd>
            </div>
          </dl>
          <p className="muted small">
            Perplexity per {unit} (random guessing = the vocabulary size, {fmtInt(vocabSize)} here) and the per-word perplexity quoted for
            large models (random guessing ≈ 50,000 = GPT-2's vocabulary) live on different scales: compare a number only with others of its
            own kind.
          </p>
        </>
      )}
    </section>
  );
}
