// Faults on purpose: the `fault` URL parameter makes one happen at a chosen step, so each recovery
// can be watched and tested end to end (README, "Faults on purpose"). It is a demonstration and
// test aid, never a setting: it is not kept in the URL the page writes.
//   fault=nan@20          step 20's loss and gradients are not finite (skipped; LR halved)
//   fault=nan@20x3        steps 20, 21, 22 too: three in a row send the run back to its last save
//   fault=device-lost@20  the WebGPU device is destroyed before step 20
//   fault=worker-crash@20 the worker throws out of its event loop before step 20
import * as v from 'valibot';
import { echo } from './echo';

export const FAULT_KINDS = ['nan', 'device-lost', 'worker-crash'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Most consecutive steps a `nan` fault may poison (more only repeats the rollback). */
export const MAX_FAULT_REPEAT = 10;
/** Latest step a fault may be set for. */
export const MAX_FAULT_STEP = 1_000_000;

export const FaultSchema = v.object({
  kind: v.picklist(FAULT_KINDS),
  /** The step before which (device-lost, worker-crash) or at which (nan) it happens. */
  step: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FAULT_STEP)),
  /** Consecutive steps poisoned (nan only). */
  repeat: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_FAULT_REPEAT)),
});
export type Fault = v.InferOutput<typeof FaultSchema>;

const FORMS = 'fault=nan@20, fault=nan@20x3, fault=device-lost@20 or fault=worker-crash@20';

/**
 * Reads the `fault` URL parameter.
 * @returns the fault, or a message saying what was wrong and what forms are understood.
 */
export function parseFault(text: string): { ok: true; fault: Fault } | { ok: false; message: string } {
  const m = /^([a-z-]+)@(\d+)(?:x(\d+))?$/.exec(text.trim());
  const bad = (why: string) => ({ ok: false as const, message: `fault=${echo(text)} was ignored: ${why}. It takes ${FORMS}.` });
  if (!m) return bad('it is not of the form kind@step');
  const [, kind, stepText, repeatText] = m;
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) return bad(`"${echo(kind)}" is not a fault this page can make`);
  if (repeatText !== undefined && kind !== 'nan') return bad('only nan faults repeat');
  const parsed = v.safeParse(FaultSchema, { kind, step: Number(stepText), repeat: repeatText === undefined ? 1 : Number(repeatText) });
  if (!parsed.success)
    return bad(`the step must be between 1 and ${MAX_FAULT_STEP.toLocaleString('en')} and the repeat between 1 and ${MAX_FAULT_REPEAT}`);
  return { ok: true, fault: parsed.output };
}

/** "1 step is being redone", "17 steps to train again": what a recovery cost, for its message. */
export const stepsToRedo = (n: number, training: boolean): string =>
  `${n} step${n === 1 ? '' : 's'} ${training ? (n === 1 ? 'is being redone' : 'are being redone') : 'to train again'}`;
