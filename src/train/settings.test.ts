// Settings schema: defaults, presets, overrides, one clear problem per bad value (default kept),
// and URL parameters that reproduce a run.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, PRESETS, parseSettings, settingsToParams, type RunSettings } from './settings';

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return parseSettings((key) => params.get(key));
};

describe('parseSettings', () => {
  it('defaults to the baby preset', () => {
    const { settings, problems } = parse('');
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings).toMatchObject({ preset: 'baby', nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, batchSize: 12, lr: 1e-3 });
    expect(settings.backend).toBeUndefined();
  });

  it('applies a preset', () => {
    const { settings, problems } = parse('preset=tiny&backend=wasm');
    expect(problems).toEqual([]);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny', backend: 'wasm' });
  });

  it('applies overrides after the preset, whatever their order in the URL', () => {
    const { settings, problems } = parse('nLayer=1&nEmbd=48&lr=0.0003&preset=small&maxSteps=50');
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ preset: 'small', nLayer: 1, nHead: 6, nEmbd: 48, blockSize: 128, lr: 3e-4, maxSteps: 50 });
  });

  it.each([
    ['nLayer', 'two', /nLayer must be a whole number from 1 to 12; got "two"\. Using 4\./],
    ['nLayer', '', /nLayer must be a whole number from 1 to 12/],
    ['nLayer', '13', /nLayer must be a whole number from 1 to 12; got "13"/],
    ['blockSize', '2', /blockSize must be a whole number from 4 to 512; got "2"\. Using 64\./],
    ['batchSize', '2.5', /batchSize must be a whole number from 1 to 128; got "2\.5"/],
    ['lr', '1', /lr must be a number from 0\.00001 to 0\.1; got "1"\. Using 0\.001\./],
    ['lr', 'NaN', /lr must be a number from 0\.00001 to 0\.1/],
    ['maxSteps', 'Infinity', /maxSteps must be a whole number from 1 to 100000/],
    ['seed', '-1', /seed must be a whole number from 0 to 2147483647/],
  ] as const)('reports %s=%j and keeps the default', (param, raw, message) => {
    const { settings, problems } = parse(`${param}=${encodeURIComponent(raw)}`);
    expect(problems).toHaveLength(1);
    expect(problems[0].param).toBe(param);
    expect(problems[0].message).toMatch(message);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  it('reports an unknown preset or backend with the accepted names', () => {
    const { settings, problems } = parse('preset=huge&backend=cuda&nLayer=2');
    expect(problems.map((p) => p.param)).toEqual(['preset', 'backend']);
    expect(problems[0].message).toMatch(/preset must be one of tiny, baby, small; got "huge"/);
    expect(problems[1].message).toMatch(/backend must be one of webgpu, webgl, wasm, cpu; got "cuda"/);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, nLayer: 2 });
  });

  it('reports nEmbd not divisible by nHead and falls back to the preset shape', () => {
    const { settings, problems } = parse('preset=tiny&nEmbd=40&nHead=3');
    expect(problems).toHaveLength(1);
    expect(problems[0].param).toBe('nHead');
    expect(problems[0].message).toMatch(/nEmbd \(40\) must be divisible by nHead \(3\)/);
    expect(settings).toMatchObject({ preset: 'tiny', nEmbd: PRESETS.tiny.nEmbd, nHead: PRESETS.tiny.nHead });
  });

  it('reports every bad value at once', () => {
    const { problems } = parse('nLayer=0&nHead=x&evalBatches=1000');
    expect(problems.map((p) => p.param)).toEqual(['nLayer', 'nHead', 'evalBatches']);
  });
});

describe('settingsToParams', () => {
  const cases: RunSettings[] = [
    DEFAULT_SETTINGS,
    { ...DEFAULT_SETTINGS, backend: 'cpu' },
    { ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny', nLayer: 1, lr: 3e-4, seed: 7 },
    { ...DEFAULT_SETTINGS, ...PRESETS.small, preset: 'small', backend: 'webgl', nEmbd: 96, nHead: 4, maxSteps: 123, sampleLength: 20 },
  ];

  it.each(cases.map((s, i) => [i, s] as const))('round-trips case %i through parseSettings', (_, s) => {
    const { settings, problems } = parse(settingsToParams(s).toString());
    expect(problems).toEqual([]);
    expect(settings).toEqual(s);
  });

  it('writes only what differs from the defaults', () => {
    expect(settingsToParams(DEFAULT_SETTINGS).toString()).toBe('');
    expect(settingsToParams({ ...DEFAULT_SETTINGS, ...PRESETS.tiny, preset: 'tiny', seed: 7 }).toString()).toBe('preset=tiny&seed=7');
  });
});
