// Dawn's WebGPU on globalThis (navigator.gpu, GPUBufferUsage, …), as a browser has it. Imported
// first by webgpuNode.mjs: tfjs-backend-webgpu registers itself only if navigator.gpu exists when
// it is evaluated.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
