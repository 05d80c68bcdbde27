// A model file checked before the page asks whether to replace the run: its safetensors header,
// read from the file's first bytes and checked against the file's length (protocol/
// safetensorsHeader.ts, the reader the worker uses), so a file cut short or malformed is refused
// at once instead of after "…steps would be lost. Continue?". What the header says (config,
// tokenizer) is checked by the worker once the person has said yes.
import { DEFAULT_MAX_HEADER_BYTES, readSafetensorsHeader } from '../protocol/safetensorsHeader';
import { echo } from '../protocol/echo';

/** Bytes read when the stated header length cannot be right: enough to name another format. */
const SNIFF_BYTES = 16;

/** @returns why `file` cannot be imported (the worker's wording), or null when its header is sound. */
export async function modelFileProblem(file: File): Promise<string | null> {
  try {
    let prefix = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    if (prefix.length >= 8) {
      const stated = new DataView(prefix.buffer).getBigUint64(0, true);
      if (stated <= BigInt(Math.min(file.size - 8, DEFAULT_MAX_HEADER_BYTES)))
        prefix = new Uint8Array(await file.slice(0, 8 + Number(stated)).arrayBuffer());
    }
    const header = readSafetensorsHeader(prefix, file.size);
    return header.ok ? null : `${echo(file.name)} cannot be imported: ${header.message}`;
  } catch {
    return `${echo(file.name)} could not be read. Pick it again.`;
  }
}
