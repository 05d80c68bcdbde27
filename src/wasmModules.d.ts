// `import bytes from './kernel.as.ts?wasm'`: an AssemblyScript file compiled by vite.config.ts's
// assemblyscript plugin, as the WebAssembly module's bytes.
declare module '*.as.ts?wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
