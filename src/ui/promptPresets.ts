// Prompts that fit the text being learned, as one-click buttons: openings the book uses, a list
// to continue, a dialogue line, the corpus's own first line, and a question, to show that a base
// model continues a document rather than answering it.
import type { TextChoice } from '../protocol/texts';
import { SYNTHETIC_TASKS } from '../protocol/fewShot';

export interface PromptPreset {
  label: string;
  prompt: string;
  /** Said under the completions when this preset is used. */
  note?: string;
}

const QUESTION_NOTE =
  "A base model is not an assistant: it has only learned to continue text like its corpus, so a question is continued in the document's style, not answered. Answering is taught later, by instruction tuning.";

const BY_CORPUS: Partial<Record<TextChoice, PromptPreset[]>> = {
  'moby-dick': [
    { label: 'Call me', prompt: 'Call me' },
    { label: 'The whale', prompt: 'The whale' },
    { label: 'A numbered list', prompt: 'The crew of the Pequod:\n1. Ahab, the captain.\n2. Starbuck, the chief mate.\n3.' },
    { label: 'A dialogue line', prompt: '"Aye, aye, sir!" cried Stubb. "' },
    { label: 'A question', prompt: 'Explain what a harpoon is.', note: QUESTION_NOTE },
  ],
  sotu: [
    { label: 'Mr. Speaker', prompt: 'Mr. Speaker, Mr. Vice President, members of Congress' },
    { label: 'The state of our Union', prompt: 'The state of our Union is' },
    { label: 'A list of goals', prompt: 'Tonight I propose three goals.\nFirst, ' },
    { label: 'A question', prompt: 'Explain what a budget deficit is.', note: QUESTION_NOTE },
  ],
};

/** The corpus's own first line (up to 80 characters), a prompt that fits any text. */
function firstLine(preview: string): PromptPreset | null {
  const line = preview
    .split('\n')
    .find((l) => l.trim().length > 0)
    ?.trim();
  if (!line) return null;
  const prompt = [...line].slice(0, 80).join('');
  return { label: 'Its first line', prompt };
}

/** A lab task's own example line, a line to continue in its format. */
function taskExample(corpusId: TextChoice): PromptPreset | null {
  const task = SYNTHETIC_TASKS.find((t) => t.id === corpusId);
  return task ? { label: 'A line of the task', prompt: `\n${task.example}` } : null;
}

/** The presets offered for this corpus, the one to start from first. */
export function presetsFor(corpusId: TextChoice, preview: string | undefined): PromptPreset[] {
  const own = preview === undefined ? null : firstLine(preview);
  const task = taskExample(corpusId);
  return [...(task ? [task] : []), ...(BY_CORPUS[corpusId] ?? []), ...(own ? [own] : [])];
}
