// The long run's 8-bit snapshot files: every value comes back within half a step of its row's
// scale, vectors exactly, names and shapes in order; a file that is not one, cut short, of a
// newer format or with a malformed header is refused with what is wrong.
import { describe, expect, it } from 'vitest';
import { decodeQuantized, encodeQuantized } from './quantizedWeights';
import { createRng } from '../data/rng';

const shapes = { 'wte.weight': [7, 5], 'h.0.ln_1.weight': [5], 'h.0.mlp.c_fc.weight': [5, 9] };

function weights(seed: number) {
  const rng = createRng(seed);
  return Object.fromEntries(
    Object.entries(shapes).map(([n, s]) => [n, Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng.normal())]),
  );
}

describe('8-bit snapshot weights', () => {
  it('round-trip within half a quantisation step per row, vectors exactly', () => {
    const w = weights(1);
    w['h.0.mlp.c_fc.weight'].fill(0, 0, 9); // an all-zero row
    const bytes = encodeQuantized(w, shapes);
    const dataBytes = bytes.length - 8 - new DataView(bytes.buffer).getUint32(4, true);
    expect(dataBytes).toBeLessThan((4 * (35 + 5 + 45)) / 2); // int8 and a scale per row against float32
    const back = decodeQuantized(bytes);
    expect(back.shapes).toEqual(shapes);
    expect(Object.keys(back.weights)).toEqual(Object.keys(shapes));
    expect(Array.from(back.weights['h.0.ln_1.weight'])).toEqual(Array.from(w['h.0.ln_1.weight']));
    for (const name of ['wte.weight', 'h.0.mlp.c_fc.weight']) {
      const [rows, cols] = shapes[name as keyof typeof shapes];
      for (let r = 0; r < rows; r++) {
        const row = w[name].subarray(r * cols, (r + 1) * cols);
        const step = Math.max(...row.map(Math.abs)) / 127;
        row.forEach((x, c) => expect(Math.abs(back.weights[name][r * cols + c] - x)).toBeLessThanOrEqual(step / 2 + 1e-7));
      }
    }
  });

  it('refuses what is not a snapshot, is cut short or is newer', () => {
    const bytes = encodeQuantized(weights(2), shapes);
    expect(() => decodeQuantized(new Uint8Array([1, 2, 3]))).toThrow(/not a snapshot file/);
    expect(() => decodeQuantized(bytes.subarray(0, bytes.length - 1))).toThrow(/has \d+ bytes; its header describes/);
    const newer = bytes.slice();
    const text = new TextDecoder().decode(newer);
    const at = text.indexOf('"format":1');
    newer[at + 9] = '2'.charCodeAt(0);
    expect(() => decodeQuantized(newer)).toThrow(/format 2 is newer/);
  });

  it('says what is wrong with a malformed header, naming the field', () => {
    const withHeader = (header: string) => {
      const text = new TextEncoder().encode(header);
      const bytes = new Uint8Array(8 + text.length);
      bytes.set(new TextEncoder().encode('PPQ8'), 0);
      new DataView(bytes.buffer).setUint32(4, text.length, true);
      bytes.set(text, 8);
      return bytes;
    };
    expect(() => decodeQuantized(withHeader('{"format":1,'))).toThrow("the snapshot file's header is not JSON");
    expect(() => decodeQuantized(withHeader('{"format":1,"tensors":[{"name":"wte","shape":[2,"3"],"kind":"q8"}]}'))).toThrow(
      /header is malformed at tensors\.0\.shape\.1: /,
    );
    expect(() => decodeQuantized(withHeader('{"format":1,"tensors":[{"name":"wte","shape":[4],"kind":"q4"}]}'))).toThrow(
      /header is malformed at tensors\.0\.kind: /,
    );
    expect(() => decodeQuantized(withHeader('{"format":1,"tensors":[{"name":"b","shape":[4],"kind":"q8"}]}'))).toThrow(
      /a q8 tensor has rows and columns/,
    );
    expect(() => decodeQuantized(withHeader('{"format":1}'))).toThrow(/header is malformed at tensors: /);
  });
});
