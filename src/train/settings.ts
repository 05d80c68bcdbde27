// Run settings: model shape + training hyperparameters, the named presets, and their validation.
// One schema serves URL parameters and the settings panel, so a link reproduces a run and every
// bad value gets the same message. Pure TypeScript: the UI imports it, so no tfjs here.

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const PRESET_NAMES = ['tiny', 'baby', 'small'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface RunSettings {
  /** Backend asked for; undefined = the best this browser has (WebGPU → WebGL → WASM → CPU). */
  backend?: BackendName;
  preset: PresetName;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  blockSize: number;
  batchSize: number;
  /** Peak learning rate; the cosine decays to lr / 10. */
  lr: number;
  warmupSteps: number;
  maxSteps: number;
  seed: number;
  evalEvery: number;
  /** Validation batches per evaluation (fixed windows). */
  evalBatches: number;
  sampleEvery: number;
  sampleLength: number;
}

type PresetValues = Pick<RunSettings, 'nLayer' | 'nHead' | 'nEmbd' | 'blockSize' | 'batchSize' | 'lr'>;

export const PRESETS: Record<PresetName, PresetValues> = {
  // For tests and slow machines: learns letters and short words in a few hundred steps.
  tiny: { nLayer: 2, nHead: 2, nEmbd: 64, blockSize: 32, batchSize: 8, lr: 2e-3 },
  // nanoGPT's CPU "baby" config (shakespeare_char on a MacBook).
  baby: { nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, batchSize: 12, lr: 1e-3 },
  small: { nLayer: 6, nHead: 6, nEmbd: 192, blockSize: 128, batchSize: 12, lr: 1e-3 },
};

export const DEFAULT_PRESET: PresetName = 'baby';

export const DEFAULT_SETTINGS: RunSettings = {
  preset: DEFAULT_PRESET,
  ...PRESETS[DEFAULT_PRESET],
  warmupSteps: 100,
  maxSteps: 5000,
  seed: 1337,
  evalEvery: 100,
  evalBatches: 20,
  sampleEvery: 250,
  sampleLength: 200,
};

/** Fixed training constants (nanoGPT baby config); not exposed as parameters. */
export const OPTIMIZER = { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, gradClip: 1.0 } as const;

/** The schedule's floor: cosine from lr to lr / 10, as nanoGPT's min_lr. */
export const minLr = (s: RunSettings): number => s.lr / 10;

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
  label: string;
}

export type NumericKey = Exclude<keyof RunSettings, 'backend' | 'preset'>;

export const RULES: Record<NumericKey, NumberRule> = {
  nLayer: { min: 1, max: 12, integer: true, label: 'layers' },
  nHead: { min: 1, max: 16, integer: true, label: 'heads' },
  nEmbd: { min: 8, max: 768, integer: true, label: 'width' },
  blockSize: { min: 4, max: 512, integer: true, label: 'context' },
  batchSize: { min: 1, max: 128, integer: true, label: 'batch' },
  lr: { min: 1e-5, max: 0.1, integer: false, label: 'learning rate' },
  warmupSteps: { min: 0, max: 10_000, integer: true, label: 'warm-up steps' },
  maxSteps: { min: 1, max: 100_000, integer: true, label: 'max steps' },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true, label: 'seed' },
  evalEvery: { min: 1, max: 10_000, integer: true, label: 'eval every' },
  evalBatches: { min: 1, max: 200, integer: true, label: 'eval batches' },
  sampleEvery: { min: 1, max: 100_000, integer: true, label: 'sample every' },
  sampleLength: { min: 1, max: 2000, integer: true, label: 'sample length' },
};

/** URL parameters a link may carry, in the order the settings panel shows them. */
export const NUMERIC_KEYS = Object.keys(RULES) as NumericKey[];

export interface SettingsProblem {
  param: keyof RunSettings;
  message: string;
}

const describeRange = (r: NumberRule): string =>
  `${r.integer ? 'a whole number' : 'a number'} from ${r.min} to ${r.max}`;

/** Parses one numeric value; returns a problem message or the number. */
export function parseNumber(key: NumericKey, raw: string): number | string {
  const rule = RULES[key];
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || value < rule.min || value > rule.max) {
    return `${key} must be ${describeRange(rule)}; got "${raw}".`;
  }
  return value;
}

/**
 * Settings from string values (URL parameters or form fields). A preset sets the model's shape
 * first; explicit values override it. Each bad value is reported and its default kept.
 */
export function parseSettings(get: (key: string) => string | null): { settings: RunSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const settings: RunSettings = { ...DEFAULT_SETTINGS };

  const preset = get('preset');
  if (preset !== null) {
    if ((PRESET_NAMES as readonly string[]).includes(preset)) {
      settings.preset = preset as PresetName;
      Object.assign(settings, PRESETS[settings.preset]);
    } else {
      problems.push({ param: 'preset', message: `preset must be one of ${PRESET_NAMES.join(', ')}; got "${preset}". Using ${DEFAULT_PRESET}.` });
    }
  }
  const backend = get('backend');
  if (backend !== null) {
    if ((BACKENDS as readonly string[]).includes(backend)) settings.backend = backend as BackendName;
    else problems.push({ param: 'backend', message: `backend must be one of ${BACKENDS.join(', ')}; got "${backend}". Using the best available.` });
  }
  for (const key of NUMERIC_KEYS) {
    const raw = get(key);
    if (raw === null) continue;
    const parsed = parseNumber(key, raw);
    if (typeof parsed === 'number') settings[key] = parsed;
    else problems.push({ param: key, message: `${parsed} Using ${settings[key]}.` });
  }
  if (settings.nEmbd % settings.nHead !== 0) {
    const fallback = PRESETS[settings.preset];
    problems.push({
      param: 'nHead',
      message: `nEmbd (${settings.nEmbd}) must be divisible by nHead (${settings.nHead}). Using the ${settings.preset} preset's ${fallback.nEmbd} / ${fallback.nHead}.`,
    });
    settings.nEmbd = fallback.nEmbd;
    settings.nHead = fallback.nHead;
  }
  return { settings, problems };
}

/** The preset's name, or "custom (from baby)" once the model's shape or batch differs from it. */
export function presetLabel(s: RunSettings): string {
  const preset = PRESETS[s.preset];
  const same = (Object.keys(preset) as (keyof PresetValues)[]).every((k) => preset[k] === s[k]);
  return same ? s.preset : `custom (from ${s.preset})`;
}

/** The URL parameters that reproduce these settings (only what differs from the defaults). */
export function settingsToParams(s: RunSettings): URLSearchParams {
  const params = new URLSearchParams();
  if (s.backend) params.set('backend', s.backend);
  if (s.preset !== DEFAULT_PRESET) params.set('preset', s.preset);
  const base: RunSettings = { ...DEFAULT_SETTINGS, ...PRESETS[s.preset] };
  for (const key of NUMERIC_KEYS) if (s[key] !== base[key]) params.set(key, String(s[key]));
  return params;
}
