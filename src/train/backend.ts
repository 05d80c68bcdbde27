// Picks the tfjs backend: WebGPU on a hardware adapter, else WebGL, WASM, then CPU (WASM first
// where the only WebGPU adapter is software), and says why it fell back. GPU faults do not throw in WebGPU, so we hook the device's
// uncapturederror and lost events and report them instead of hanging silently.
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, type BackendName } from '../protocol/settings';
import type { BackendInfo } from '../protocol/reports';
import { formatBytes, formatCount } from '../protocol/units';
import { errorMessage } from '../protocol/errors';
import { destroyedOnPurpose } from './deviceFaults';

const SETUP_TIMEOUT_MS = 30_000;
/** Per-tensor ceilings where the backend states none. */
const WASM_TENSOR_BYTES = 1e9;
const CPU_TENSOR_BYTES = 1e9;

/** A GPU fault: `lost` when the device is gone (nothing on it can run again). */
export type GpuFaultHandler = (message: string, lost: boolean) => void;

// tfjs keeps one WebGPU device for the worker's life: listen to it once, and tell whoever
// selected the backend last.
let faultHandler: GpuFaultHandler = () => undefined;
const watchedDevices = new WeakSet<GPUDevice>();

function watchDevice(device: GPUDevice): void {
  if (watchedDevices.has(device)) return;
  watchedDevices.add(device);
  device.addEventListener('uncapturederror', (e) => faultHandler(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`, false));
  void device.lost.then((info) => {
    // 'destroyed' is tfjs letting go of it, unless a fault was injected (deviceFaults.ts).
    if (info.reason !== 'destroyed' || destroyedOnPurpose.has(device))
      faultHandler(`The GPU device was lost (${info.message.replace(/\.$/, '') || info.reason}).`, true);
  });
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${SETUP_TIMEOUT_MS / 1000} s`)), SETUP_TIMEOUT_MS);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

interface AdapterFacts {
  description: string;
  isFallbackAdapter: boolean;
}

/** Adapter names of WebGPU emulated on the CPU (Chromium's SwiftShader, Mesa's lavapipe/llvmpipe). */
const SOFTWARE_ADAPTER = /swiftshader|lavapipe|llvmpipe/i;

/** What the WebGPU adapter says about itself; null when there is none. */
async function describeAdapter(): Promise<AdapterFacts | null> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) return null;
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  const parts = [info.description, info.vendor, info.architecture, info.device].filter((s) => s && s.length > 0);
  return {
    description: parts.length > 0 ? [...new Set(parts)].join(' · ') : 'unnamed adapter',
    // Some builds do not flag SwiftShader as a fallback adapter; its name still says what it is.
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter) || SOFTWARE_ADAPTER.test(parts.join(' ')),
  };
}

/** WASM threads: the logical cores (at most 8) where the page is cross-origin isolated, else 1. */
function wasmThreads(): number {
  const isolated =
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  return isolated ? Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 8)) : 1;
}

async function setUp(name: BackendName): Promise<BackendInfo> {
  switch (name) {
    case 'webgpu': {
      const facts = await describeAdapter();
      if (!facts) throw new Error('this browser offers no WebGPU adapter (navigator.gpu is missing or returned none)');
      await import('@tensorflow/tfjs-backend-webgpu');
      // Tiny ops on the CPU cost a GPU→CPU read each; tfjs's own CI turns this off too.
      tf.env().set('WEBGPU_CPU_FORWARD', false);
      if (!(await withTimeout(tf.setBackend('webgpu'), 'WebGPU set-up'))) throw new Error('tfjs could not start WebGPU');
      const device = (tf.backend() as unknown as { device: GPUDevice }).device;
      watchDevice(device);
      // tfjs asks the adapter for its largest buffers; a tensor is one storage buffer.
      const bytes = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
      const tensorLimit = { elements: Math.floor(bytes / 4), source: `per storage buffer (${formatBytes(bytes)})` };
      return { name, adapterDescription: facts.description, isFallbackAdapter: facts.isFallbackAdapter, tensorLimit };
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const [plain, simd, threaded] = await Promise.all([
        import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
        import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
        import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
      ]);
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': plain.default,
        'tfjs-backend-wasm-simd.wasm': simd.default,
        'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
      });
      // Threads need SharedArrayBuffer, which only a cross-origin isolated page has (npm start
      // and npm run preview send COOP/COEP; vite.config.ts makes the threaded build load under a
      // bundler). Elsewhere: the SIMD build on one thread.
      const threads = wasmThreads();
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
      if (threads > 1) wasm.setThreadsCount(threads);
      if (!(await withTimeout(tf.setBackend('wasm'), 'WASM set-up'))) throw new Error('tfjs could not start WASM');
      // WebAssembly memory is at most 4 GB and a step holds several tensors of the largest size.
      return {
        name,
        tensorLimit: {
          elements: WASM_TENSOR_BYTES / 4,
          source: `per tensor (${formatBytes(WASM_TENSOR_BYTES)}, a quarter of WebAssembly's 4 GB)`,
        },
      };
    }
    case 'webgl': {
      if (!(await withTimeout(tf.setBackend(name), 'webgl set-up'))) throw new Error('tfjs could not start webgl');
      // A tensor is one texture; its side may not exceed the GPU's maximum texture size.
      const side = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
      return {
        name,
        tensorLimit: { elements: side * side, source: `per texture (${formatCount(side)} × ${formatCount(side)} on this GPU)` },
      };
    }
    case 'cpu':
      if (!(await withTimeout(tf.setBackend(name), 'cpu set-up'))) throw new Error('tfjs could not start cpu');
      return {
        name,
        tensorLimit: {
          elements: CPU_TENSOR_BYTES / 4,
          source: `per tensor (${formatBytes(CPU_TENSOR_BYTES)}, a sane ceiling for one JavaScript array)`,
        },
      };
  }
}

// Measured with npm run bench on a 2-core machine without a GPU (README, Performance; quiet,
// 2026-11-29): the tiny preset trains at 7,633 tokens/s on WASM and 270 on WebGPU through
// SwiftShader, each on its fast path (28×). The bench is what decides this default: rerun it to
// revisit.
const SOFTWARE_WEBGPU =
  'the only WebGPU adapter is a software one (SwiftShader, WebGPU emulated on the CPU), where WebAssembly trains about 28× faster; add backend=webgpu to the URL to use it anyway';

/**
 * Starts the requested backend, or the best one that works: WebGPU on a real adapter, else
 * WASM (also when the only WebGPU adapter is software), WebGL, CPU. The result says what runs
 * and, when it is not what was asked for or WebGPU, why.
 */
export async function selectBackend(requested: BackendName | undefined, onGpuFault: GpuFaultHandler): Promise<BackendInfo> {
  faultHandler = onGpuFault;
  const reasons: string[] = [];
  let order: BackendName[] = requested ? [requested, ...BACKENDS.filter((b) => b !== requested)] : [...BACKENDS];
  if (!requested && (await describeAdapter().catch(() => null))?.isFallbackAdapter) {
    reasons.push(SOFTWARE_WEBGPU);
    order = ['wasm', 'webgpu', 'webgl', 'cpu'];
  }
  for (const name of order) {
    try {
      const info = await setUp(name);
      await tf.ready();
      if (name === requested) return { ...info, requested: true };
      if (name === 'webgpu' && reasons.length === 0) return info;
      return { ...info, fallbackReason: reasons.join('; ') };
    } catch (e) {
      reasons.push(`${name} failed: ${errorMessage(e)}`);
    }
  }
  throw new Error(`No tfjs backend could start: ${reasons.join('; ')}`);
}
