// The model-file check (modelFileCheck.ts) is loaded when a model file comes, not before the
// first paint; this is the one way the page asks it, saying so if its code cannot be loaded.
import { echo } from '../protocol/echo';

/** Why `file` cannot be imported, or null when its header is sound; a message too when the check itself cannot load. */
export async function checkModelFile(file: File): Promise<string | null> {
  let modelFileProblem: (file: File) => Promise<string | null>;
  try {
    ({ modelFileProblem } = await import('./modelFileCheck'));
  } catch {
    return `${echo(file.name)} was not imported: the page could not load its model-file check (the network dropped, or the site was updated). Reload the page and import it again.`;
  }
  return modelFileProblem(file);
}
