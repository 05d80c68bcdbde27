// What every "start afresh?" question says happens to the trained run: kept, partly lost, or discarded.
import { describe, expect, it } from 'vitest';
import { fateOfRun } from './replaceWords';

describe('fateOfRun', () => {
  it('says a run saved at its step stays, and nothing is lost', () => {
    expect(fateOfRun(200, { step: 200 }, false)).toBe('the run trained so far stays in Saved runs (saved at step 200)');
  });
  it('says which steps since the save are lost, counting while it trains', () => {
    expect(fateOfRun(230, { step: 200 }, false)).toBe(
      'the run trained so far stays in Saved runs at step 200; the 30 steps since are lost',
    );
    expect(fateOfRun(201, { step: 200 }, false)).toMatch(/the 1 step since is lost$/);
    expect(fateOfRun(230, { step: 200 }, true)).toBe(
      'the run trained so far stays in Saved runs at step 200; the steps since (30 so far) are lost',
    );
  });
  it('says "discarded" only for a run with no save', () => {
    expect(fateOfRun(1200, null, false)).toBe('the run trained so far (1,200 steps) is not saved, so it is discarded');
    expect(fateOfRun(12, undefined, true)).toBe('the run trained so far (12 steps and counting) is not saved, so it is discarded');
  });
});
