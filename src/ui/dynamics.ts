// Training dynamics as numbers: each progress sample's real-word share and loss per character as a
// chart row, and the phases of learning to write (random → frequent letters and spaces → words →
// phrases) placed where the real-word share first reaches a stated threshold. The thresholds sit
// between baselines measured on Moby Dick with 200-character texts (30 texts each, mean ± sd,
// data/realWords.ts): uniform random characters 2 ± 2 %, characters drawn at their corpus
// frequencies 6 ± 4 %, text following the corpus's 1-character statistics (letter pairs) 16 ± 6 %,
// 2-character 39 ± 9 %, 3-character 66 ± 6 %, 4-character 87 ± 6 %, the book itself 98 ± 2 %.
import type { Sample } from '../protocol/reports';

export interface DynamicsRow {
  step: number;
  /** Real-word share, percent. */
  realWords?: number;
  /** Nats per character under the weights that wrote it. */
  lossPerChar?: number;
  text: string;
}

export interface Phase {
  name: string;
  /** Real-word share (0–1) at which it begins. */
  threshold: number;
  /** What text at this stage looks like. */
  looksLike: string;
}

/** After "random" (below 10 %): the thresholds, in the order they are reached. */
export const PHASES: readonly Phase[] = [
  { name: 'letters & spaces', threshold: 0.1, looksLike: 'common letters, spaces and short real words (letter-pair statistics: 16 %)' },
  { name: 'words', threshold: 0.5, looksLike: 'half its words are real (3-character statistics: 66 %)' },
  { name: 'phrases', threshold: 0.85, looksLike: 'nearly every word real, so words run into phrases (4-character statistics: 87 %)' },
];

/** One chart row per sample, in step order; cut samples carry no measurement. */
export const dynamicsRows = (samples: readonly Sample[]): DynamicsRow[] =>
  [...samples]
    .sort((a, b) => a.step - b.step)
    .map((s) => ({
      step: s.step,
      text: s.text,
      ...(s.realWordShare !== undefined ? { realWords: 100 * s.realWordShare } : {}),
      ...(s.lossPerChar !== undefined ? { lossPerChar: s.lossPerChar } : {}),
    }));

/** Each phase reached, at the first sample whose real-word share reaches its threshold. */
export function phaseCrossings(rows: readonly DynamicsRow[]): { phase: Phase; step: number }[] {
  const crossings: { phase: Phase; step: number }[] = [];
  for (const phase of PHASES) {
    const first = rows.find((r) => r.realWords !== undefined && r.realWords >= 100 * phase.threshold);
    if (first) crossings.push({ phase, step: first.step });
  }
  return crossings;
}

/** Crossings at the same step share one mark: "letters & spaces, words". */
export function phaseMarks(rows: readonly DynamicsRow[]): { step: number; label: string }[] {
  const marks = new Map<number, string[]>();
  for (const c of phaseCrossings(rows)) marks.set(c.step, [...(marks.get(c.step) ?? []), c.phase.name]);
  return [...marks].map(([step, names]) => ({ step, label: names.join(', ') }));
}

/** The phase a share (0–1) falls in: "random" below the first threshold. */
export const phaseOf = (share: number): string => PHASES.filter((p) => share >= p.threshold).at(-1)?.name ?? 'random';
