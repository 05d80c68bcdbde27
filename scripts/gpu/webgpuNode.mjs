// WebGPU in Node for the bundled GPU scripts (parity-entry.mjs, bench-entry.mjs): Dawn's Node
// bindings (npm `webgpu`) put navigator.gpu and the WebGPU classes on globalThis, then tfjs's WebGPU
// backend starts as it does in the page's worker (WEBGPU_CPU_FORWARD off, as train/backend.ts sets
// it). Which Vulkan driver Dawn finds is the launcher's business (vulkanEnv.mjs).
import './dawnGlobals.mjs'; // before the backend: it registers only where navigator.gpu exists
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';

/**
 * Starts tfjs on WebGPU through Dawn.
 * @returns the adapter's name in words ("google · swiftshader", "nvidia · ampere · …").
 * @throws Error saying what to check when Dawn finds no adapter.
 */
export async function startWebGPU() {
  const adapter = await globalThis.navigator.gpu.requestAdapter();
  if (!adapter)
    throw new Error(
      'Dawn found no WebGPU adapter: is a Vulkan loader (libvulkan.so.1) on LD_LIBRARY_PATH and a driver ICD in VK_ICD_FILENAMES? (scripts/gpu/vulkanEnv.mjs)',
    );
  const info = adapter.info ?? {};
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its WebGPU backend on the adapter Dawn found');
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean);
  return [...new Set(name)].join(' · ') || 'unnamed adapter';
}
