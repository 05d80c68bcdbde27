// The texts a run can learn, as both ends name them: a bundled book, a few-shot lab task (its
// corpus generated in the worker), or the person's own text (files, pasted, or one a saved run or an
// imported model brought). The run's description carries its text's origin, so the Text-to-learn
// menu, the prompt examples and the lab panels all derive from the run itself.
import * as v from 'valibot';

/** The few-shot lab's tasks (protocol/fewShot.ts describes them). */
export const SYNTHETIC_TASK_IDS = ['copy', 'recall', 'shift'] as const;
export type SyntheticTaskId = (typeof SYNTHETIC_TASK_IDS)[number];

export const BOOK_IDS = ['moby-dick', 'sotu'] as const;
export type BookId = (typeof BOOK_IDS)[number];

export const BOOKS: Record<BookId, { name: string; menuName: string; file: string }> = {
  'moby-dick': { name: 'Moby Dick', menuName: 'Moby Dick (Herman Melville)', file: 'corpus/moby-dick.txt' },
  sotu: {
    name: 'State of the Union addresses, 1983–2021',
    menuName: 'State of the Union addresses, 1983–2021',
    file: 'corpus/sotu.txt',
  },
};

export const TextOriginSchema = v.variant('kind', [
  v.object({ kind: v.literal('book'), id: v.picklist(BOOK_IDS) }),
  v.object({ kind: v.literal('task'), task: v.picklist(SYNTHETIC_TASK_IDS) }),
  v.object({ kind: v.literal('own') }),
]);
export type TextOrigin = v.InferOutput<typeof TextOriginSchema>;

/** One entry of the Text-to-learn menu. */
export type TextChoice = BookId | SyntheticTaskId | 'own';

export const TEXT_CHOICES: readonly TextChoice[] = [...BOOK_IDS, 'own', ...SYNTHETIC_TASK_IDS];

/** A menu value read back from the page (a select's value), or undefined when it is none. */
export const parseTextChoice = (value: string): TextChoice | undefined => TEXT_CHOICES.find((c) => c === value);

/** The menu entry of a run on this text. */
export const textChoiceOf = (origin: TextOrigin): TextChoice =>
  origin.kind === 'book' ? origin.id : origin.kind === 'task' ? origin.task : 'own';

/** The lab task a text is, if it is one. */
export const taskOf = (origin: TextOrigin | undefined): SyntheticTaskId | undefined => (origin?.kind === 'task' ? origin.task : undefined);
