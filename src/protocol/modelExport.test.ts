// One naming scheme for every file a run is exported as.
import { describe, expect, it } from 'vitest';
import { exportFileStem } from './modelExport';

describe('exportFileStem', () => {
  it('names a run by its text and step', () => {
    expect(exportFileStem('Moby Dick', 1200)).toBe('moby-dick-step1200');
    expect(exportFileStem('State of the Union addresses, 1983–2021', 0)).toBe('state-of-the-union-addresses-1983-2021-step0');
  });

  it('drops a file extension and anything that is not a letter or digit', () => {
    expect(exportFileStem('My Notes (draft).TXT', 7)).toBe('my-notes-draft-step7');
    expect(exportFileStem('  --  ', 3)).toBe('model-step3');
    expect(exportFileStem('日本語.txt', 3)).toBe('model-step3');
  });
});
