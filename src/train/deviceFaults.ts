// The WebGPU device as something that can be lost and started again: tfjs keeps one backend
// instance per name for the worker's life, so after a loss its factory is registered afresh and
// the next setBackend asks the adapter for a new device. Losing it on purpose (fault=device-lost)
// goes through device.destroy(), which a real driver reset resembles.
import * as tf from '@tensorflow/tfjs';

/** Devices destroyed on purpose: their loss is reported like a driver reset, not ignored as a normal teardown. */
export const destroyedOnPurpose = new WeakSet<GPUDevice>();

const deviceOf = (backend: unknown): GPUDevice | null =>
  typeof backend === 'object' && backend !== null && 'device' in backend ? (backend.device as GPUDevice) : null;

/**
 * Destroys the current WebGPU device, as a driver reset would (the fault-injection aid).
 * @returns false when the current backend is not WebGPU (nothing happens then).
 */
export function loseDeviceOnPurpose(): boolean {
  const device = tf.getBackend() === 'webgpu' ? deviceOf(tf.backend()) : null;
  if (!device) return false;
  destroyedOnPurpose.add(device);
  device.destroy();
  return true;
}

/**
 * Forgets the WebGPU backend whose device was lost, keeping its factory, so that selecting
 * WebGPU again builds a backend on a new device. Tensors of the old backend are gone with it.
 */
export function forgetWebGpu(): void {
  const factory = tf.findBackendFactory('webgpu');
  if (!factory) return;
  try {
    tf.removeBackend('webgpu'); // its dispose may meet a dead device; the registry entry goes regardless
  } catch {
    /* the backend was half torn down already */
  }
  tf.registerBackend('webgpu', factory);
}
