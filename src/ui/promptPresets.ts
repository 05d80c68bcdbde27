// Prompts that fit the text being learned, as one-click buttons: openings the book uses, a list
// to continue, a dialogue line, the corpus's own first line of prose, and a question, to show that a base
// model continues a document rather than answering it.
import type { TextChoice } from '../protocol/texts';
import { SYNTHETIC_TASKS } from '../protocol/fewShot';

export interface PromptPreset {
  label: string;
  prompt: string;
  /** Said under the completions when this preset is used. */
  note?: string;
  /**
   * What a base model shows with this prompt ("a list continued as a list"): an early run cannot
   * show it yet, so the prompt panel offers the long run's answer beside it (PromptPanel.tsx).
   */
  shows?: string;
}

const QUESTION_NOTE =
  "A base model is not an assistant: it has only learned to continue text like its corpus, so a question is continued in the document's style, not answered. Answering is taught later, by instruction tuning.";

const BY_CORPUS: Partial<Record<TextChoice, PromptPreset[]>> = {
  'moby-dick': [
    { label: 'Call me', prompt: 'Call me' },
    { label: 'The whale', prompt: 'The whale' },
    {
      label: 'A numbered list',
      prompt: 'The crew of the Pequod:\n1. Ahab, the captain.\n2. Starbuck, the chief mate.\n3.',
      shows: 'a list continued as a list',
    },
    { label: 'A dialogue line', prompt: '"Aye, aye, sir!" cried Stubb. "', shows: 'a dialogue continued' },
    { label: 'A question', prompt: 'Explain what a harpoon is.', note: QUESTION_NOTE, shows: 'a question continued instead of answered' },
  ],
  sotu: [
    { label: 'Mr. Speaker', prompt: 'Mr. Speaker, Mr. Vice President, members of Congress' },
    { label: 'The state of our Union', prompt: 'The state of our Union is' },
    { label: 'A list of goals', prompt: 'Tonight I propose three goals.\nFirst, ' },
    { label: 'A question', prompt: 'Explain what a budget deficit is.', note: QUESTION_NOTE },
  ],
};

/**
 * Whether a line reads as prose rather than a heading ("CONTENTS", "CHAPTER 1. Loomings."): five
 * words or more, most letters lower case, and a first word not in capitals.
 */
export function isProse(line: string): boolean {
  const words = line.split(/\s+/).filter((w) => w.length > 0);
  const letters = line.match(/\p{L}/gu) ?? [];
  const lower = line.match(/\p{Ll}/gu) ?? [];
  const first = words[0] ?? '';
  const shouting = first.length > 1 && first === first.toUpperCase() && first !== first.toLowerCase();
  return words.length >= 5 && lower.length >= 0.6 * letters.length && !shouting;
}

/** The corpus's first line of prose (up to 80 characters), a prompt that fits any text; none if its opening is all headings. */
function firstLine(preview: string): PromptPreset | null {
  const line = preview
    .split('\n')
    .map((l) => l.trim())
    .find(isProse);
  if (!line) return null;
  const prompt = [...line].slice(0, 80).join('');
  return { label: 'Its first line', prompt };
}

/** A lab task's own example line, a line to continue in its format. */
function taskExample(corpusId: TextChoice): PromptPreset | null {
  const task = SYNTHETIC_TASKS.find((t) => t.id === corpusId);
  return task ? { label: 'A line of the task', prompt: `\n${task.example}` } : null;
}

/** Characters of a text's opening offered when it has no line of prose (DNA, a table, code). */
const OPENING_CHARS = 40;

/**
 * The text's first characters, for a text with nothing else to offer: a prompt in its own alphabet,
 * so that a person's DNA is not prompted with "Call me Ishmael." (every character skipped).
 */
function opening(preview: string): PromptPreset | null {
  const start = preview.trimStart();
  return start.length > 0 ? { label: 'Its opening', prompt: [...start].slice(0, OPENING_CHARS).join('') } : null;
}

/** The presets offered for this corpus, the one to start from first. */
export function presetsFor(corpusId: TextChoice, preview: string | undefined): PromptPreset[] {
  const own = preview === undefined ? null : firstLine(preview);
  const task = taskExample(corpusId);
  const presets = [...(task ? [task] : []), ...(BY_CORPUS[corpusId] ?? []), ...(own ? [own] : [])];
  const start = presets.length === 0 && preview !== undefined ? opening(preview) : null;
  return start ? [start] : presets;
}
