// The "Its first line" example is a line of prose: Moby Dick's opening headings (CONTENTS, CHAPTER 1.
// Loomings.) give none, a speech's first sentence is offered, and a lab task starts from its own line.
import { describe, expect, it } from 'vitest';
import { isProse, presetsFor } from './promptPresets';

const MOBY_OPENING =
  'CONTENTS\n\nETYMOLOGY.\n\nEXTRACTS (Supplied by a Sub-Sub-Librarian).\n\n\nCHAPTER 1. Loomings.\n\nCHAPTER 2. The Carpet-Bag.\n';

describe('isProse', () => {
  it('tells a heading from a sentence', () => {
    for (const heading of ['CONTENTS', 'ETYMOLOGY.', 'EXTRACTS (Supplied by a Sub-Sub-Librarian).', 'CHAPTER 1. Loomings.'])
      expect(isProse(heading), heading).toBe(false);
    expect(isProse('Call me Ishmael. Some years ago—never mind how long precisely')).toBe(true);
    expect(isProse('Mr. Speaker, Mr. President, distinguished Members of the Congress')).toBe(true);
  });
});

describe('presetsFor', () => {
  it('offers no first line where the opening is headings only', () => {
    expect(presetsFor('moby-dick', MOBY_OPENING).map((p) => p.label)).not.toContain('Its first line');
  });
  it('offers a text with no prose its opening, in its own alphabet', () => {
    expect(presetsFor('own', `\n${'ACGT'.repeat(15000)}`)).toEqual([{ label: 'Its opening', prompt: 'ACGT'.repeat(10) }]);
  });
  it("offers a person's text its first sentence, cut at 80 characters", () => {
    const own = presetsFor('own', `My Notes\n\n${'the tide came in over the flats and '.repeat(4)}\n`);
    expect(own).toEqual([
      { label: 'Its first line', prompt: 'the tide came in over the flats and the tide came in over the flats and the tide' },
    ]);
  });
});
