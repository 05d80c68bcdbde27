// Which kind of failure each command's error is, for the page (exhaustive over the commands: a
// command added without one does not compile).
import type { EngineCommand } from '../protocol/commands';
import type { ErrorCode } from '../protocol/events';

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
  'compression.baselines': 'compression',
  'compression.compress': 'compression',
  'compression.decompress': 'compression',
  'compression.stop': 'compression',
  'compare.runs': 'completion',
  'compare.stop': 'completion',
};
export const codeFor = (cmd: EngineCommand): ErrorCode => ERROR_CODE[cmd.type];
