// The long run's settings: the page's default run (DEFAULT_SETTINGS: model, batch, optimizer, peak
// learning rate and warm-up), with a lever given as the page's URL parameters (--params
// 'lr=0.003&warmupSteps=30', read by the page's own parser), and the long run's own length and
// cadences on top; the cosine spans maxSteps.
import { parseSettings, unknownParams } from '../../src/protocol/settingsUrl.ts';

/**
 * @param params URL parameters as the page reads them ('' for the page's defaults)
 * @param overrides the run's length, seed and cadences
 * @throws Error naming each parameter the page would refuse
 */
export function recipeSettings(params, overrides) {
  const given = new URLSearchParams(params);
  const { settings, problems } = parseSettings((key) => given.get(key));
  const overridden = Object.keys(overrides).filter((key) => given.has(key));
  const all = [
    ...problems,
    ...unknownParams(given),
    ...overridden.map((key) => ({ message: `${key} is set by the command's own option (--steps, --seed, --eval-every, --sample-every).` })),
  ];
  if (all.length > 0) throw new Error(`--params: ${all.map((p) => p.message).join(' ')}`);
  return { ...settings, ...overrides };
}
