// The backend the engine trains on, and its faults: which backend was asked for and which runs,
// and what the GPU says when it errs (the run pauses) or is lost (the run comes back from its
// last save on a new device: the engine's recover).
import { selectBackend } from '../train/backend';
import { forgetWebGpu } from '../train/deviceFaults';
import type { EngineEvent } from '../protocol/events';
import type { BackendInfo } from '../protocol/reports';
import type { RunSettings } from '../protocol/settings';

export interface DeviceFaultHandlers {
  /** A WebGPU error the device survived (validation, out of memory). */
  error(message: string): void;
  /** The device is gone (driver reset, destroyed): said once per device. */
  lost(message: string): void;
}

export class Device {
  /** The backend in use; null before the first one starts. */
  info: BackendInfo | null = null;
  /** What the settings asked for (undefined: the best available); a change means a new backend. */
  requested: RunSettings['backend'] = undefined;
  /** The WebGPU device is gone: no new run can live on it until a backend is started again. */
  lost = false;

  constructor(
    private readonly post: (e: EngineEvent) => void,
    private readonly handlers: DeviceFaultHandlers,
  ) {}

  /**
   * Starts the backend the settings ask for, or the best one (train/backend.ts); the page hears `ready`.
   * @param renew after a lost device: build WebGPU again on a new device.
   * @throws Error when no backend starts; the previous one stays then.
   */
  async use(settings: RunSettings, renew = false): Promise<void> {
    if (renew) forgetWebGpu();
    this.info = await selectBackend(settings.backend, (message, lost) => this.fault(message, lost));
    this.requested = settings.backend; // only once it runs: a failed switch keeps the old one
    this.lost = false;
    this.post({ type: 'ready', backend: this.info });
  }

  private fault(message: string, lost: boolean): void {
    if (this.info?.name !== 'webgpu') return; // a device left behind by a switch of backend
    if (!lost) return this.handlers.error(message);
    if (this.lost) return; // its echoes
    this.lost = true;
    this.handlers.lost(message);
  }
}
