// The implementation a page run used, in the page's own words ("WebGPU kernels", "WebAssembly
// kernels", "reference ops"), from its backend and kernels= setting: src/kernels/ops.ts opsFor's
// choice, restated for the bench's Node side (which loads no kernels); opsNames.test.mjs checks the
// two agree.

/**
 * @param {string} backend webgpu | webgl | wasm | cpu
 * @param {string|undefined} kernels fused | reference (absent: fused)
 */
export function opsName(backend, kernels) {
  if (kernels === 'reference') return 'reference ops';
  if (backend === 'webgpu') return 'WebGPU kernels';
  if (backend === 'wasm' || backend === 'cpu') return 'WebAssembly kernels';
  return 'reference ops';
}
