// Failures in plain words, offering only what can work.
import { describe, expect, it } from 'vitest';
import { describeFailure } from './failure';

describe('describeFailure', () => {
  it('names running out of memory and does not offer Resume', () => {
    const f = describeFailure(
      new Error('Requested texture size [11585x11586] greater than WebGL maximum on this browser / GPU [8192x8192].'),
    );
    expect(f.resumable).toBe(false);
    expect(f.message).toMatch(/do not fit in this device's memory/);
    expect(f.message).toMatch(/lower Batch size or Context in Settings and Apply/);
    expect(f.message).not.toMatch(/Resume to try again/);
    expect(describeFailure(new RangeError('Array buffer allocation failed')).resumable).toBe(false);
  });

  it('offers Resume for anything else', () => {
    const f = describeFailure(new Error('The GPU hiccuped'));
    expect(f).toEqual({ message: 'Training stopped: The GPU hiccuped. Resume to try again, or Reset.', resumable: true });
  });
});
