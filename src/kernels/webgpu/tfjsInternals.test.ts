// tfjs-backend-webgpu's private members we use are still there (tfjsInternals.ts says why it
// matters): methods on WebGPUBackend's prototype, fields assigned in its constructor's text. Needs no
// GPU; the live check on a device runs in scripts/gpu/parity-entry.mjs.
import { describe, expect, it } from 'vitest';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { WEBGPU_BACKEND_FIELDS, WEBGPU_BACKEND_LATER_FIELDS, WEBGPU_BACKEND_METHODS } from './tfjsInternals';

const why = (member: string) =>
  `tfjs-backend-webgpu no longer has ${member}, a private member kernels/webgpu/ relies on (tfjsInternals.ts): ` +
  'keep @tensorflow/* at 4.22.0 in package.json or port inPlace.ts, program.ts and train/shaderWarmup.ts to the new version.';

describe('the tfjs-backend-webgpu internals our WebGPU kernels use', () => {
  it.each(WEBGPU_BACKEND_METHODS)('WebGPUBackend.prototype.%s is a method', (m) => {
    expect(typeof (WebGPUBackend.prototype as unknown as Record<string, unknown>)[m], why(`${m}()`)).toBe('function');
  });

  /** The class's own text: its constructor and every method. */
  const proto = WebGPUBackend.prototype as unknown as Record<string, unknown>;
  const text = [String(WebGPUBackend), ...Object.getOwnPropertyNames(proto).map((k) => String(proto[k]))].join('\n');

  it.each([...WEBGPU_BACKEND_FIELDS, ...WEBGPU_BACKEND_LATER_FIELDS])('the class sets this.%s', (f) => {
    expect(new RegExp(`\\.${f}\\s*=[^=]`).test(text), why(`the field ${f}`)).toBe(true);
  });

  it('the check would see a member go missing', () => {
    expect(/\.noSuchField\s*=[^=]/.test(text)).toBe(false);
  });
});
