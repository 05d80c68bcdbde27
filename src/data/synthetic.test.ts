// Synthetic few-shot corpora: determinism, formats, every k in training, the hidden rule shown
// by the examples, chance at k = 0, fresh evaluation items, and settings the schema accepts.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { fewShotItem, syntheticAlphabet, syntheticCorpus } from './synthetic';
import { SYNTHETIC_TASKS, type SyntheticTaskId } from '../protocol/fewShot';
import { DEFAULT_SETTINGS, RunSettingsSchema } from '../protocol/settings';

const IDS: SyntheticTaskId[] = ['copy', 'recall', 'shift'];
/** One line of each task, as a whole-line pattern. */
const LINE: Record<SyntheticTaskId, RegExp> = {
  copy: /^([a-j]{2})([#$%&*@])(\1\2)*\1?$/, // an item ends with the word, a corpus line with the separator
  recall: /^(\?[a-p]\d|[a-p]\d( [a-p]\d)*( \?[a-p]\d)+)$/,
  shift: /^[a-j]>[a-j]( [a-j]>[a-j])*$/,
};
/** Demonstrations before a line's last scored answer (copy: separators − 1; shift: pairs − 1; recall: pairs). */
const demosIn: Record<SyntheticTaskId, (line: string) => number> = {
  copy: (line) => line.replace(/[a-j]/g, '').length - 1,
  recall: (line) => line.split(' ').filter((p) => !p.startsWith('?')).length,
  shift: (line) => line.split(' ').length - 1,
};

describe.each(IDS)('synthetic task %s', (id) => {
  const corpus = syntheticCorpus(id, 30_000, createRng(1));
  const lines = corpus.split('\n').slice(0, -1); // the last line may be cut short

  it('is deterministic for a seed, exactly the size asked, and only its alphabet', () => {
    expect(syntheticCorpus(id, 30_000, createRng(1))).toBe(corpus);
    expect(syntheticCorpus(id, 30_000, createRng(2))).not.toBe(corpus);
    expect(corpus.length).toBe(30_000);
    expect(new Set(corpus)).toEqual(new Set(syntheticAlphabet(id)));
  });

  it('writes well-formed lines with every number of demonstrations 0..maxK', () => {
    const { maxK } = SYNTHETIC_TASKS.find((t) => t.id === id)!;
    for (const line of lines) expect(line).toMatch(LINE[id]);
    const ks = new Set(lines.map(demosIn[id]));
    for (let k = 0; k <= maxK; k++) expect(ks.has(k)).toBe(true);
  });

  it('keeps one hidden rule per line', () => {
    for (const line of lines.slice(0, 500)) {
      if (id === 'copy') expect(new Set(line.split(/([#$%&*@])/)).size).toBe(3); // one word, one separator, ''
      if (id === 'recall') {
        const table = new Map(
          line
            .split(' ')
            .filter((p) => !p.startsWith('?'))
            .map((p) => [p[0], p[1]]),
        );
        for (const q of line.split(' ').filter((p) => p.startsWith('?') && table.size > 0)) expect(table.get(q[1])).toBe(q[2]);
      }
      if (id === 'shift') {
        const shifts = line.split(' ').map((p) => (p.charCodeAt(2) - p.charCodeAt(0) + 10) % 10);
        expect(new Set(shifts).size).toBe(1);
        expect(new Set(line.split(' ').map((p) => p[0])).size).toBe(line.split(' ').length); // letters distinct
      }
    }
  });

  it('draws evaluation items deterministically, with k demonstrations and the rule they show', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return [0, 1, 4, 8].map((k) => fewShotItem(id, k, rng));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const item of draw(9)) {
      expect(item.prompt.startsWith('\n')).toBe(true);
      const line = (item.prompt + item.answer).slice(1);
      expect(line).toMatch(LINE[id]);
      expect(demosIn[id](line)).toBe(item.k);
    }
    if (id === 'shift') {
      const item = fewShotItem(id, 8, createRng(3));
      const query = item.prompt.slice(-2, -1);
      expect(item.prompt.slice(0, -2)).not.toContain(`${query}>`); // never a lookup
    }
    expect(() => fewShotItem(id, 9, createRng(1))).toThrow(/0\.\.8/);
    expect(() => fewShotItem(id, 1.5, createRng(1))).toThrow();
  });

  it('is at chance at k = 0: the best guess from the query alone scores the chance level', () => {
    const { chance } = SYNTHETIC_TASKS.find((t) => t.id === id)!;
    const rng = createRng(11);
    const n = 20_000;
    // answers counted per query (what a model without examples can know): copy's separator does
    // not depend on the word, shift's letter is counted per query letter
    const counts = new Map<string, Map<string, number>>();
    for (let i = 0; i < n; i++) {
      const { prompt, answer } = fewShotItem(id, 0, rng);
      const [query, scored] = id === 'copy' ? ['', answer[0]] : id === 'shift' ? [prompt[1], answer] : ['', answer];
      const byAnswer = counts.get(query) ?? new Map<string, number>();
      byAnswer.set(scored, (byAnswer.get(scored) ?? 0) + 1);
      counts.set(query, byAnswer);
    }
    const bestGuess = [...counts.values()].reduce((sum, byAnswer) => sum + Math.max(...byAnswer.values()), 0) / n;
    expect(bestGuess).toBeGreaterThanOrEqual(chance);
    expect(bestGuess).toBeLessThan(chance * 1.2); // the max over answers is a little above the mean
    for (const byAnswer of counts.values()) expect(byAnswer.size).toBe(Math.round(1 / chance));
  });

  // copy has only 100 words × 6 separators, so its items' text recurs in any corpus; a line's
  // separator is drawn apart from its word, so no text links a word to a separator (see k = 0)
  it.skipIf(id === 'copy')('draws items fresh, from their own rng: not text of the corpus', () => {
    const rng = createRng(12345);
    const k = id === 'shift' ? 8 : 4;
    const items = Array.from({ length: 100 }, () => fewShotItem(id, k, rng));
    const seen = items.filter((item) => corpus.includes((item.prompt + item.answer).slice(1))).length;
    expect(seen).toBe(0);
  });

  it('recommends settings the schema accepts, whose context holds maxK demonstrations and the query', () => {
    const task = SYNTHETIC_TASKS.find((t) => t.id === id)!;
    expect(() => v.parse(RunSettingsSchema, { ...DEFAULT_SETTINGS, ...task.settings })).not.toThrow();
    const longest = fewShotItem(id, task.maxK, createRng(1));
    expect(longest.prompt.length + longest.answer.length - 1).toBeLessThanOrEqual(task.settings.blockSize);
    expect(task.example).toMatch(LINE[id]);
    expect(task.chance).toBeGreaterThan(0);
    expect(task.chance).toBeLessThan(1);
  });
});
