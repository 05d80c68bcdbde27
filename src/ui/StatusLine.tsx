// The live numbers of the run, each a label followed by its value.
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
  const stats: [label: string, value: string, note?: string][] = [
    ['step', fmtInt(step)],
    ['tokens seen', fmtCompact(last?.tokens ?? 0)],
    ['train loss', fmtLoss(last?.trainLoss)],
    ['val loss', fmtLoss(lastEval?.valLoss), at],
    ['perplexity', fmtPerplexity(lastEval && Math.exp(lastEval.valLoss)), at],
    ['tokens/s', fmtInt(last?.tokensPerSecond)],
    ['elapsed', fmtDuration(last?.elapsedMs ?? 0)],
    ['saved', reader ? 'not in this tab' : saved ? `step ${fmtInt(saved.step)}` : 'not yet'],
  ];
  return (
    <dl className="status-line" aria-label="Training status">
      {stats.map(([label, value, note]) => (
        <div key={label} className="stat" data-testid={`stat-${label.replace(/[^a-z]+/g, '-')}`}>
          <dt>
            {label}
            {note && <span className="stat-note">{note}</span>}
          </dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
