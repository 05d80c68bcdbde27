// The long run's settings: the page's default run (DEFAULT_SETTINGS: model, batch, optimizer, peak
// learning rate and warm-up) with the long run's own length and cadences; the cosine spans maxSteps.
import { DEFAULT_SETTINGS } from '../../src/protocol/settings.ts';

/** @param name 'default' (today's page default) */
export function recipeSettings(name, overrides) {
  if (name !== 'default') throw new Error(`unknown recipe ${name}`);
  return { ...DEFAULT_SETTINGS, ...overrides };
}
