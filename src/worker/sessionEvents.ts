// Session reports as worker events, and which kind of failure each command's error is.
import type { SessionReport } from '../train/sessionReport';
import type { EngineCommand } from '../protocol/commands';
import type { EngineEvent, ErrorCode } from '../protocol/events';
import { assertNever } from '../protocol/parse';

/** A session's report as the event the page gets (checkpoints are saved, not posted: RunSaver; a diverged run is recovered). */
export function toEvent(runId: number, r: Exclude<SessionReport, { type: 'checkpoint' | 'snapshot' | 'diverged' }>): EngineEvent {
  switch (r.type) {
    case 'state':
      return { type: 'run.state', runId, state: r.state, step: r.step };
    case 'metrics':
      return { type: 'run.metrics', runId, points: r.points, evals: r.evals };
    case 'sample':
      return { type: 'run.sample', runId, sample: r.sample };
    case 'compiling':
      return { type: 'run.compiling', runId, done: r.done, total: r.total };
    case 'failed':
      return { type: 'error', code: 'train', runId, message: r.message };
    case 'unsaved':
      return { type: 'error', code: 'save', runId, message: r.message };
    case 'notice':
      return { type: 'notice', runId, message: r.message };
    default:
      return assertNever(r);
  }
}

/** What kind of failure a command's error is, for the page (exhaustive over the commands). */
const ERROR_CODE: Record<EngineCommand['type'], ErrorCode> = {
  init: 'backend',
  'corpus.use': 'corpus',
  'corpus.commit': 'corpus',
  'run.reset': 'settings',
  'run.start': 'train',
  'run.pause': 'train',
  'run.resume': 'train',
  'fewshot.measure': 'train',
  'run.save': 'save',
  'run.restore': 'save',
  'model.export': 'save',
  'completion.start': 'completion',
  'completion.stop': 'completion',
  'text.score': 'completion',
  'candidates.score': 'completion',
  'attention.maps': 'completion',
  'lab.start': 'train',
  'lab.end': 'train',
  'lab.measure': 'train',
  'run.delete': 'save',
  'model.import': 'import',
  'storage.access': 'save',
};
export const codeFor = (cmd: EngineCommand): ErrorCode => ERROR_CODE[cmd.type];
