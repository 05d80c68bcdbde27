// A test aid: a session sink that keeps everything a session says, in order, as one list (its
// events, and the checkpoints, snapshots and divergences that are not events), for the tests of
// resuming and of memory over a long run.
import type { SessionEvent } from '../protocol/events';
import type { SessionCheckpoint } from './checkpoint';
import type { SessionSink } from './sessionReport';

export type Said =
  | SessionEvent
  | { type: 'checkpoint'; checkpoint: SessionCheckpoint }
  | { type: 'snapshot'; checkpoint: SessionCheckpoint }
  | { type: 'diverged'; message: string };

/** A sink that appends all a session says to `said`. */
export const recordSession = (said: Said[]): SessionSink => ({
  post: (e) => said.push(e),
  checkpoint: (checkpoint) => said.push({ type: 'checkpoint', checkpoint }),
  snapshot: (checkpoint) => said.push({ type: 'snapshot', checkpoint }),
  diverged: (message) => said.push({ type: 'diverged', message }),
});
