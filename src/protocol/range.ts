// One rule for every number a person types or a link carries (settings, prompt controls, BPE
// size): a named range, and one message when a value falls outside it, so every form says
// "‹Name› must be between A and B (you gave C)".
import * as v from 'valibot';
import { echo } from './echo';

export interface NumberRange {
  /** What the person reads: "Layers", "Temperature". */
  label: string;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
}

/** The accepted values in words: "a whole number between 1 and 12", "between 0 and 2". */
export const describeRange = (r: NumberRange): string => `${r.integer ? 'a whole number ' : ''}between ${r.min} and ${r.max}`;

/** "Layers must be a whole number between 1 and 12 (you gave 40)." */
export const rangeMessage = (r: NumberRange, given: unknown): string =>
  `${r.label} must be ${describeRange(r)} (you gave ${given === '' ? 'nothing' : echo(String(given))}).`;

/** Whether a number is inside the range (and whole, when it must be). */
export const inRange = (r: NumberRange, value: number): boolean =>
  Number.isFinite(value) && value >= r.min && value <= r.max && (!r.integer || Number.isInteger(value));

/**
 * Reads a typed or linked value. Blank text, words, NaN and Infinity are out of range too.
 * @returns the number, or the message to show next to the control.
 */
export function parseInRange(r: NumberRange, raw: string): { ok: true; value: number } | { ok: false; message: string } {
  const value = raw.trim() === '' ? NaN : Number(raw);
  return inRange(r, value) ? { ok: true, value } : { ok: false, message: rangeMessage(r, raw.trim()) };
}

/** The same rule as a schema, for messages crossing the worker boundary. */
export const numberIn = (r: NumberRange) =>
  v.pipe(
    v.number(),
    v.check(
      (n) => inRange(r, n),
      (issue) => rangeMessage(r, issue.input),
    ),
  );
