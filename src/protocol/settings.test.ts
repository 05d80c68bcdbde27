// Settings schema: defaults, presets, overrides, one clear problem per bad value (default kept),
// and URL parameters that reproduce a run.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, PRESETS, type RunSettings } from './settings';
import { parseSettings, repeatedParams, settingsToParams, unknownParams } from './settingsUrl';

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return parseSettings((key) => params.get(key));
};

describe('parseSettings', () => {
  it('defaults to the baby preset', () => {
    const { settings, problems } = parse('');
    expect(problems).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(settings).toMatchObject({ preset: 'baby', nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64, batchSize: 12, lr: 3e-3 });
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
    ['nLayer', 'two', 'Layers must be a whole number between 1 and 12 (you gave two).', 'Using 4.'],
    ['nLayer', '', 'Layers must be a whole number between 1 and 12 (you gave nothing).', 'Using 4.'],
    ['nLayer', '13', 'Layers must be a whole number between 1 and 12 (you gave 13).', 'Using 4.'],
    ['blockSize', '2', 'Context must be a whole number between 4 and 512 (you gave 2).', 'Using 64.'],
    ['batchSize', '2.5', 'Batch size must be a whole number between 1 and 128 (you gave 2.5).', 'Using 12.'],
    ['lr', '1', 'Learning rate must be between 0.00001 and 0.1 (you gave 1).', 'Using 0.003.'],
    ['lr', 'NaN', 'Learning rate must be between 0.00001 and 0.1 (you gave NaN).', 'Using 0.003.'],
    ['maxSteps', 'Infinity', 'Max steps must be a whole number between 1 and 100000 (you gave Infinity).', 'Using 5000.'],
    ['seed', '-1', 'Seed must be a whole number between 0 and 2147483647 (you gave -1).', 'Using 1337.'],
  ] as const)('reports %s=%j and keeps the default', (param, raw, message, fallback) => {
    const { settings, problems } = parse(`${param}=${encodeURIComponent(raw)}`);
    expect(problems).toEqual([{ param, message, fallback }]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  it('reports an unknown preset or backend with the accepted names', () => {
    const { settings, problems } = parse('preset=huge&backend=cuda&nLayer=2');
    expect(problems.map((p) => p.param)).toEqual(['preset', 'backend']);
    expect(problems[0].message).toBe('Preset must be one of tiny, baby, small, large (you gave huge).');
    expect(problems[1].message).toBe('Backend must be one of webgpu, webgl, wasm, cpu (you gave cuda).');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, nLayer: 2 });
  });

  it('reports nEmbd not divisible by nHead and falls back to the preset shape', () => {
    const { settings, problems } = parse('preset=tiny&nEmbd=40&nHead=3');
    expect(problems).toHaveLength(1);
    expect(problems[0].param).toBe('nHead');
    expect(problems[0].message).toBe('Width (40) must be divisible by the number of heads (3).');
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

describe('unknownParams', () => {
  it('names a parameter no setting reads, once, and nothing else', () => {
    const problems = unknownParams(new URLSearchParams('nLayer=2&foo=1&foo=2&preset=tiny'));
    expect(problems).toEqual([
      {
        param: 'foo',
        message: 'foo is not a setting (you gave foo=1).',
        fallback: expect.stringMatching(/^It was ignored; the settings are preset, backend, nLayer, /),
      },
    ]);
    expect(unknownParams(new URLSearchParams('backend=cpu&seed=3'))).toEqual([]);
  });
});

describe('URL parameters as people write them', () => {
  it('says a setting given twice, and which value is used (the first)', () => {
    const params = new URLSearchParams('preset=tiny&seed=1&seed=2');
    expect(repeatedParams(params)).toEqual([
      { param: 'seed', message: 'seed is given twice (1, 2).', fallback: 'The first is read; keep one in the link.' },
    ]);
    expect(parseSettings((k) => params.get(k)).settings.seed).toBe(1);
    expect(repeatedParams(new URLSearchParams('lr=1e-3&lr=2e-3&lr=3e-3'))[0].message).toBe('lr is given 3 times (1e-3, 2e-3, 3e-3).');
    // A first value that is not valid is named once, by its own check, with what is used instead.
    const bad = new URLSearchParams('seed=abc&seed=2');
    expect(repeatedParams(bad)[0].message).toBe('seed is given twice (abc, 2).');
    expect(parseSettings((k) => bad.get(k)).problems.map((p) => p.param)).toEqual(['seed']);
  });

  it('checks the extra names it is given, and leaves unknown ones to unknownParams', () => {
    expect(repeatedParams(new URLSearchParams('fault=nan@3&fault=nan@4'), ['fault'])[0].message).toMatch(/^fault is given twice/);
    expect(repeatedParams(new URLSearchParams('foo=1&foo=2'))).toEqual([]);
    expect(unknownParams(new URLSearchParams('fault=nan@3'), ['fault'])).toEqual([]);
  });

  it('echoes an unknown 6,000-character parameter in a few dozen characters', () => {
    const [problem] = unknownParams(new URLSearchParams(`utm_blob=${'A'.repeat(6000)}`));
    expect(problem.message).toBe(`utm_blob is not a setting (you gave utm_blob=${'A'.repeat(32)}… (6,000 characters)).`);
  });

  it('echoes a long bad value of a known setting in a few dozen characters', () => {
    const { problems } = parse(`preset=${'x'.repeat(6000)}&nLayer=${'4'.repeat(6000)}`);
    expect(problems.map((p) => p.message.length).every((n) => n < 160)).toBe(true);
  });
});
