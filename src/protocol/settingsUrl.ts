// Settings to and from text: URL parameters (a link reproduces a run) and the settings form's
// fields, which go through the same parser so both show the same messages.
import {
  BACKENDS,
  DEFAULT_KERNELS,
  KERNEL_PATHS,
  DEFAULT_PRESET,
  DEFAULT_SETTINGS,
  NUMERIC_KEYS,
  PRESETS,
  PRESET_NAMES,
  SETTING_RANGES,
  SHADER_WARMUPS,
  DEFAULT_SHADER_WARMUP,
  OPTIMIZERS,
  DEFAULT_OPTIMIZER,
} from './settings';
import type { BackendName, KernelPath, OptimizerName, PresetName, RunSettings, ShaderWarmup } from './settings';
import { headProblem } from './gptConfig';
import { parseInRange } from './range';
import { echo, echoList } from './echo';

export interface SettingsProblem {
  /** The URL parameter or form field. */
  param: string;
  /** What is wrong, in the range helper's words, without what was used instead. */
  message: string;
  /** What was used instead: "Using 4." */
  fallback: string;
}

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/**
 * Settings from string values (URL parameters or form fields). A preset sets the model's shape
 * first; explicit values override it. Each bad value is reported and its default kept, so the
 * result is always a valid RunSettings.
 */
export function parseSettings(get: (key: string) => string | null): { settings: RunSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const settings: RunSettings = { ...DEFAULT_SETTINGS };

  const preset = get('preset');
  if (preset !== null) {
    if (isOneOf<PresetName>(PRESET_NAMES, preset)) Object.assign(settings, { preset }, PRESETS[preset]);
    else
      problems.push({
        param: 'preset',
        message: `Preset must be one of ${PRESET_NAMES.join(', ')} (you gave ${echo(preset)}).`,
        fallback: `Using ${DEFAULT_PRESET}.`,
      });
  }
  const backend = get('backend');
  if (backend !== null) {
    if (isOneOf<BackendName>(BACKENDS, backend)) settings.backend = backend;
    else
      problems.push({
        param: 'backend',
        message: `Backend must be one of ${BACKENDS.join(', ')} (you gave ${echo(backend)}).`,
        fallback: 'Using the best available.',
      });
  }
  const kernels = get('kernels');
  if (kernels !== null) {
    if (isOneOf<KernelPath>(KERNEL_PATHS, kernels)) settings.kernels = kernels;
    else
      problems.push({
        param: 'kernels',
        message: `Kernels must be one of ${KERNEL_PATHS.join(', ')} (you gave ${echo(kernels)}).`,
        fallback: `Using ${DEFAULT_KERNELS}.`,
      });
  }
  const warmup = get('shaderWarmup');
  if (warmup !== null) {
    if (isOneOf<ShaderWarmup>(SHADER_WARMUPS, warmup)) settings.shaderWarmup = warmup;
    else
      problems.push({
        param: 'shaderWarmup',
        message: `shaderWarmup must be one of ${SHADER_WARMUPS.join(', ')} (you gave ${echo(warmup)}).`,
        fallback: `Using ${DEFAULT_SHADER_WARMUP}.`,
      });
  }
  const optimizer = get('optimizer');
  if (optimizer !== null) {
    if (isOneOf<OptimizerName>(OPTIMIZERS, optimizer)) settings.optimizer = optimizer;
    else
      problems.push({
        param: 'optimizer',
        message: `optimizer must be one of ${OPTIMIZERS.join(', ')} (you gave ${echo(optimizer)}).`,
        fallback: `Using ${DEFAULT_OPTIMIZER}.`,
      });
  }
  for (const key of NUMERIC_KEYS) {
    const raw = get(key);
    if (raw === null) continue;
    const parsed = parseInRange(SETTING_RANGES[key], raw);
    if (parsed.ok) settings[key] = parsed.value;
    else problems.push({ param: key, message: parsed.message, fallback: `Using ${settings[key]}.` });
  }
  const heads = headProblem(settings);
  if (heads) {
    const fallback = PRESETS[settings.preset];
    problems.push({
      param: 'nHead',
      message: heads,
      fallback: `Using the ${settings.preset} preset's ${fallback.nEmbd} / ${fallback.nHead}.`,
    });
    settings.nEmbd = fallback.nEmbd;
    settings.nHead = fallback.nHead;
  }
  return { settings, problems };
}

const KNOWN_PARAMS: readonly string[] = ['preset', 'backend', ...NUMERIC_KEYS, 'kernels', 'shaderWarmup', 'optimizer'];

/**
 * Parameters no setting reads (a typo, say), so a link never silently does less than it says.
 * @param also parameters read elsewhere (not settings, not unknown).
 */
export function unknownParams(params: URLSearchParams, also: readonly string[] = []): SettingsProblem[] {
  return [...new Set(params.keys())]
    .filter((key) => !KNOWN_PARAMS.includes(key) && !also.includes(key))
    .map((key) => ({
      param: key,
      message: `${echo(key)} is not a setting (you gave ${echo(key)}=${echo(params.get(key) ?? '')}).`,
      fallback: `It was ignored; the settings are ${KNOWN_PARAMS.join(', ')}.`,
    }));
}

const TIMES = ['', 'once', 'twice'];

/**
 * Settings given more than once (`seed=1&seed=2`): the page reads the first, as URLSearchParams.get
 * does, and says so: "seed is given twice (1, 2). The first is read; keep one in the link."
 * @param also parameters read elsewhere that are checked the same way.
 */
export function repeatedParams(params: URLSearchParams, also: readonly string[] = []): SettingsProblem[] {
  return [...new Set(params.keys())]
    .filter((key) => KNOWN_PARAMS.includes(key) || also.includes(key))
    .map((key) => ({ key, values: params.getAll(key) }))
    .filter(({ values }) => values.length > 1)
    .map(({ key, values }) => ({
      param: key,
      message: `${key} is given ${TIMES[values.length] ?? `${values.length} times`} (${echoList(values)}).`,
      // The first is what is read; whether it is valid is said apart (a bad first value is named with its range).
      fallback: 'The first is read; keep one in the link.',
    }));
}

/** The URL parameters that reproduce these settings (only what differs from the defaults). */
export function settingsToParams(s: RunSettings): URLSearchParams {
  const params = new URLSearchParams();
  if (s.backend) params.set('backend', s.backend);
  if (s.kernels && s.kernels !== DEFAULT_KERNELS) params.set('kernels', s.kernels);
  if (s.shaderWarmup && s.shaderWarmup !== DEFAULT_SHADER_WARMUP) params.set('shaderWarmup', s.shaderWarmup);
  if (s.optimizer && s.optimizer !== DEFAULT_OPTIMIZER) params.set('optimizer', s.optimizer);
  if (s.preset !== DEFAULT_PRESET) params.set('preset', s.preset);
  const base: RunSettings = { ...DEFAULT_SETTINGS, ...PRESETS[s.preset] };
  for (const key of NUMERIC_KEYS) if (s[key] !== base[key]) params.set(key, String(s[key]));
  return params;
}
