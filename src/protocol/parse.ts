// Both ends of the worker boundary parse what arrives, deeply, before trusting it: a malformed
// message becomes a typed error that names the field, never a cast.
import * as v from 'valibot';
import { CommandSchema, type EngineCommand } from './commands';
import { EventSchema, type EngineEvent } from './events';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** "settings.nLayer: Layers must be …" for the first problem found. */
function describeIssues(what: string, data: unknown, issues: readonly v.BaseIssue<unknown>[]): string {
  const type = typeof data === 'object' && data !== null && 'type' in data ? ` "${String(data.type)}"` : '';
  const first = issues[0];
  const path = v.getDotPath(first);
  return `a malformed ${what}${type}: ${path ? `${path}: ` : ''}${first.message}`;
}

function parseWith<T>(schema: v.GenericSchema<unknown, T>, what: string, data: unknown): Parsed<T> {
  const result = v.safeParse(schema, data);
  return result.success ? { ok: true, value: result.output } : { ok: false, error: describeIssues(what, data, result.issues) };
}

/** A command from the page, or why it is not one. */
export const parseCommand = (data: unknown): Parsed<EngineCommand> => parseWith(CommandSchema, 'command', data);

/**
 * The requestId of a message that did not parse, when it carries a usable one, so the refusal still
 * answers its request (the page would wait for it forever otherwise).
 */
export function requestIdOf(data: unknown): number | undefined {
  const found = typeof data === 'object' && data !== null && 'requestId' in data ? data.requestId : undefined;
  return typeof found === 'number' && Number.isInteger(found) && found >= 0 ? found : undefined;
}

/** An event from the worker, or why it is not one. */
export const parseEvent = (data: unknown): Parsed<EngineEvent> => parseWith(EventSchema, 'event', data);

/** For exhaustive switches: a case the types say cannot happen. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
