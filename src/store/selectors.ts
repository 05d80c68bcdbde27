// What the page derives from the run's description (protocol/run.ts), in one place: the text it
// learns as the Text-to-learn menu names it, its lab task if it is one, and the person's own
// settings (the kept run's during a lab). No slice keeps a copy of these.
import { SYNTHETIC_TASKS, type SyntheticTaskInfo } from '../protocol/fewShot';
import { personSettings } from '../protocol/run';
import type { RunSettings } from '../protocol/settings';
import type { CorpusSummary } from '../protocol/reports';
import { textChoiceOf, type TextChoice } from '../protocol/texts';
import type { PlaygroundStore } from './slice';

type RunView = Pick<PlaygroundStore, 'run' | 'settings'>;

/** The Text-to-learn menu's entry for the current run (the book until the first run exists). */
export const textChoice = (s: Pick<PlaygroundStore, 'run'>): TextChoice => (s.run ? textChoiceOf(s.run.corpus.origin) : 'moby-dick');

/** The few-shot task the current run learns, if it is one. */
export const labTask = (s: Pick<PlaygroundStore, 'run'>): SyntheticTaskInfo | undefined => {
  const origin = s.run?.corpus.origin;
  return origin?.kind === 'task' ? SYNTHETIC_TASKS.find((t) => t.id === origin.task) : undefined;
};

/** The person's own text: the kept run's during a lab, else the run's. */
export const personCorpus = (s: Pick<PlaygroundStore, 'run' | 'corpus'>): CorpusSummary | null => s.run?.kept?.corpus ?? s.corpus;

/** The Text-to-learn entry of the person's own run (during a lab, the text their kept run is on). */
export const personTextChoice = (s: Pick<PlaygroundStore, 'run' | 'corpus'>): TextChoice | null => {
  const corpus = personCorpus(s);
  return corpus ? textChoiceOf(corpus.origin) : null;
};

/** The person's own run's settings: what the Settings form and the URL show. */
export const personRunSettings = (s: RunView): RunSettings => (s.run ? personSettings(s.run) : s.settings);
