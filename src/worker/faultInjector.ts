// Makes the fault the `fault` URL parameter asks for (protocol/faults.ts) happen once, at its
// step, in whichever run reaches it first: a recovered run that trains through that step again
// is left alone, or the demonstration would never end.
import type { Fault } from '../protocol/faults';
import type { BackendInfo } from '../protocol/reports';
import { loseDeviceOnPurpose } from '../train/deviceFaults';

export class FaultInjector {
  /** Steps already poisoned (nan) — each once — or whether the one-off fault has happened. */
  private readonly poisoned = new Set<number>();
  private fired = false;

  constructor(private readonly fault: Fault | undefined) {}

  /** Says, through `notice`, when the fault asked for cannot happen on this backend. */
  check(backend: BackendInfo | null, notice: (message: string) => void): void {
    if (this.fault?.kind !== 'device-lost' || backend?.name === 'webgpu') return;
    notice(
      `fault=device-lost acts on WebGPU only, and this page trains on ${backend?.name ?? 'no backend'}: add backend=webgpu to the URL to see it.`,
    );
  }

  /**
   * Called before each training step of any run.
   * @returns whether this step's loss and gradients are to be made non-finite (a `nan` fault).
   */
  beforeStep(step: number): boolean {
    const f = this.fault;
    if (!f || this.fired || step < f.step) return false;
    if (f.kind === 'nan') {
      if (step >= f.step + f.repeat || this.poisoned.has(step)) return false;
      this.poisoned.add(step);
      this.fired = this.poisoned.size >= f.repeat;
      return true;
    }
    this.fired = true;
    if (f.kind === 'device-lost')
      loseDeviceOnPurpose(); // only on WebGPU: the engine says so at start-up
    else {
      // Thrown outside every promise chain, as a crash would be: the page sees the worker fail.
      setTimeout(() => {
        throw new Error(`on purpose, before step ${step}: fault=worker-crash@${f.step}`);
      });
    }
    return false;
  }
}
