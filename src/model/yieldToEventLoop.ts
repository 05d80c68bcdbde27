// Lets the worker's event loop run queued tasks (incoming commands such as Pause and Stop). On the
// CPU and WASM backends every op is synchronous and `await t.data()` resolves as a microtask, so
// without this a training loop or a completion never lets a message in.

/** Resolves on a fresh macrotask (MessageChannel: no 4 ms clamp like nested setTimeout). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
