// Where a corpus's text comes from, for the engine: a bundled book fetched by URL, the person's
// files (decoded and checked; named by at most five of them, each bounded), or the current text
// again (for a new tokenizer).
import { decodeTextFiles } from '../data/textFile';
import { normaliseText } from '../data/corpus';
import { createRng } from '../data/rng';
import { syntheticCorpus } from '../data/synthetic';
import { syntheticTask } from '../protocol/fewShot';
import { BOOKS } from '../protocol/texts';
import { echoList } from '../protocol/echo';
import type { CorpusSource } from '../data/prepare';
import type { CorpusRequest } from '../protocol/commands';

/** A fixed text per task, like a bundled book: the same corpus whoever trains on it. */
const SYNTHETIC_CORPUS_SEED = 1;

/**
 * The text (normalised: NFC, LF line ends) and where it came from.
 * @returns the source, or a message saying why it cannot be used (shown to the person).
 */
export async function readCorpus(request: CorpusRequest, current: CorpusSource | null): Promise<CorpusSource | string> {
  switch (request.kind) {
    case 'current':
      return current ?? 'There is no corpus to re-tokenize yet.';
    case 'synthetic': {
      const info = syntheticTask(request.task);
      const text = syntheticCorpus(request.task, info.corpusChars, createRng(SYNTHETIC_CORPUS_SEED));
      const name = `Few-shot lab: ${info.name}`;
      return { name, names: [name], bytes: text.length, text, notices: [], origin: { kind: 'task', task: request.task } };
    }
    case 'book': {
      const { name } = BOOKS[request.id];
      const response = await fetch(request.url).catch(() => null);
      if (!response?.ok) {
        const status = response ? ` (${response.status} ${response.statusText})` : '';
        return `Could not load ${name}${status}. Reload the page to try again.`;
      }
      const bytes = await response.arrayBuffer();
      const text = normaliseText(new TextDecoder().decode(bytes)); // bundled texts are UTF-8
      return { name, names: [name], bytes: bytes.byteLength, text, notices: [], origin: { kind: 'book', id: request.id } };
    }
    case 'files': {
      const files = request.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
      const decoded = decodeTextFiles(files);
      if (!decoded.ok) return decoded.message;
      const names = decoded.names ?? files.map((f) => f.name);
      const bytes = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
      return { name: echoList(names), names, bytes, text: decoded.text, notices: decoded.notices, origin: { kind: 'own' } };
    }
  }
}
