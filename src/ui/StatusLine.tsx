// The live numbers of the run, each a label followed by its value (a shorter label on a phone).
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { fmtCompact, fmtDuration, fmtInt, fmtLoss, fmtPerplexity } from './format';

export function StatusLine() {
  const { step, last, lastEval, saved, reader } = usePlayground(
    useShallow((s) => ({
      step: s.step,
      last: s.points.at(-1),
      lastEval: s.evals.at(-1),
      saved: s.run?.saved,
      reader: s.tabRole === 'reader',
    })),
  );
  // Validation numbers come every evalEvery steps: say which step they are from.
  const at = lastEval ? ` (step ${fmtInt(lastEval.step)})` : '';
  // Each with the short label a phone shows (styles/phone.css), so the run bar stays two short rows there.
  const stats: [label: string, short: string, value: string, note?: string][] = [
    ['step', 'step', fmtInt(step)],
    ['tokens seen', 'seen', fmtCompact(last?.tokens ?? 0)],
    ['train loss', 'train', fmtLoss(last?.trainLoss)],
    ['val loss', 'val', fmtLoss(lastEval?.valLoss), at],
    ['perplexity', 'ppl', fmtPerplexity(lastEval && Math.exp(lastEval.valLoss)), at],
    ['tokens/s', 'tok/s', fmtInt(last?.tokensPerSecond)],
    ['elapsed', 'time', fmtDuration(last?.elapsedMs ?? 0)],
    ['saved', 'saved', reader ? 'not in this tab' : saved ? `step ${fmtInt(saved.step)}` : 'not yet'],
  ];
  return (
    <dl className="status-line" aria-label="Training status">
      {stats.map(([label, short, value, note]) => (
        <div key={label} className="stat" data-testid={`stat-${label.replace(/[^a-z]+/g, '-')}`}>
          <dt title={label}>
            <span className="stat-long">{label}</span>
            <span className="stat-short" aria-hidden="true">
              {short}
            </span>
            {note && <span className="stat-note">{note}</span>}
          </dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
