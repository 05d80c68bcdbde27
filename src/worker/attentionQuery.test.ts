// The attention.maps query end to end in Node (CPU backend): the engine answers with that
// request's id, the answer parses as the page parses it, and its maps are causal softmax rows.
import { describe, expect, it } from 'vitest';
import { Engine } from './engine';
import { parseEvent } from '../protocol/parse';
import { attentionIndex } from '../protocol/attention';
import { DEFAULT_SETTINGS, type RunSettings } from '../protocol/settings';
import type { EngineEvent } from '../protocol/events';

const settings: RunSettings = {
  ...DEFAULT_SETTINGS,
  backend: 'cpu',
  preset: 'tiny',
  nLayer: 2,
  nHead: 2,
  nEmbd: 16,
  blockSize: 16,
  batchSize: 2,
  evalBatches: 1,
};
const cats = {
  kind: 'files' as const,
  files: [{ name: 'cats.txt', bytes: new TextEncoder().encode('the cat sat on the mat. '.repeat(100)).buffer }],
};

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('attention.maps', () => {
  it('answers with nLayer × nHead causal maps over the last tokens, parsed as the page parses them', async () => {
    const events: EngineEvent[] = [];
    const engine = new Engine((e) => events.push(e));
    engine.dispatch({ type: 'init', requestId: 0, corpus: cats, tokenizer: { kind: 'char' }, settings });
    await until(() => events.some((e) => e.type === 'run.replaced'), 'the first run');
    const text = 'the cat sat on the mat. the cat';
    engine.dispatch({ type: 'attention.maps', requestId: 9, text });
    engine.dispatch({ type: 'attention.maps', requestId: 10, text: 'XYZ' });
    await until(() => events.some((e) => 'requestId' in e && e.requestId === 10), 'both answers');
    const answer = events.find((e) => 'requestId' in e && e.requestId === 9);
    const parsed = parseEvent(answer);
    if (!parsed.ok || parsed.value.type !== 'attention.mapped') throw new Error(`expected maps, got ${JSON.stringify(answer)}`);
    const maps = parsed.value.maps;
    expect([maps.nLayer, maps.nHead]).toEqual([2, 2]);
    expect(maps.tokens.join('')).toBe('the␣mat.␣the␣cat'); // blockSize 16: the last 16 tokens
    expect(maps.cropped).toBe(true);
    for (let l = 0; l < 2; l++)
      for (let h = 0; h < 2; h++)
        for (let i = 0; i < 16; i++) {
          let sum = 0;
          for (let j = 0; j < 16; j++) {
            const p = maps.probs[attentionIndex(maps, l, h, i, j)];
            if (j > i) expect(p).toBe(0);
            sum += p;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
        }
    const refused = events.find((e) => 'requestId' in e && e.requestId === 10);
    expect(refused).toMatchObject({ type: 'error', code: 'completion' });
    expect(refused?.type === 'error' && refused.message).toMatch(/not in this corpus's alphabet.*Type some text/);
  });
});
