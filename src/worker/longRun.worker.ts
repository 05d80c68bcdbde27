// The long run's worker (longRunEngine.ts): a thin adapter between postMessage and its engine.
// Every command is parsed deeply first; a malformed one is answered with an error naming the field.
import * as v from 'valibot';
import { LongRunCommandSchema, type LongRunEvent } from '../protocol/longRun';
import { LongRunEngine } from './longRunEngine';

const post = (e: LongRunEvent): void => self.postMessage(e);
const engine = new LongRunEngine(post);

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = v.safeParse(LongRunCommandSchema, event.data);
  if (parsed.success) engine.dispatch(parsed.output);
  else post({ type: 'longRun.error', message: `The long run's worker got a malformed command: ${parsed.issues[0].message}` });
};
