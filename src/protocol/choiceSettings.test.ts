// The run settings that pick one of a few named choices, each a URL parameter: absent = the
// default; a bad value is reported like any other setting's, naming the accepted ones; the value
// survives the worker boundary (the schema) and the round trip to a link.
//   kernels=reference|fused (absent = fused); shaderWarmup=on|off (absent = off: on SwiftShader the
//   warm-up measured slower, README, Performance); optimizer=adamw|muon (absent = adamw: on a CPU
//   Muon's products cost more than its fewer steps save, README, Performance).
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KERNELS, DEFAULT_OPTIMIZER, DEFAULT_SETTINGS, DEFAULT_SHADER_WARMUP, RunSettingsSchema } from './settings';
import { parseSettings, settingsToParams, unknownParams } from './settingsUrl';

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return parseSettings((key) => params.get(key));
};

const choices = [
  {
    key: 'kernels',
    fallback: DEFAULT_KERNELS,
    expected: 'fused',
    other: 'reference',
    bad: 'turbo',
    message: 'Kernels must be one of fused, reference (you gave turbo).',
  },
  {
    key: 'shaderWarmup',
    fallback: DEFAULT_SHADER_WARMUP,
    expected: 'off',
    other: 'on',
    bad: 'yes',
    message: 'shaderWarmup must be one of on, off (you gave yes).',
  },
  {
    key: 'optimizer',
    fallback: DEFAULT_OPTIMIZER,
    expected: 'adamw',
    other: 'muon',
    bad: 'sgd',
    message: 'optimizer must be one of adamw, muon (you gave sgd).',
  },
] as const;

describe.each(choices)('the $key setting', ({ key, fallback, expected, other, bad, message }) => {
  it(`is ${expected} unless asked otherwise`, () => {
    expect(fallback).toBe(expected);
    expect(parse('').settings[key]).toBeUndefined();
    expect(parse(`${key}=${expected}`).settings[key]).toBe(expected);
    expect(parse(`${key}=${other}`).settings[key]).toBe(other);
    expect(unknownParams(new URLSearchParams(`${key}=${other}`))).toEqual([]);
  });

  it('refuses another value with the accepted ones named, keeping the default', () => {
    const { settings, problems } = parse(`${key}=${bad}`);
    expect(settings[key]).toBeUndefined();
    expect(problems).toEqual([{ param: key, message, fallback: `Using ${expected}.` }]);
  });

  it('travels through the schema and back into a link', () => {
    const s = { ...DEFAULT_SETTINGS, [key]: other };
    expect(v.parse(RunSettingsSchema, s)).toEqual(s);
    expect(v.safeParse(RunSettingsSchema, { ...s, [key]: 'maybe' }).success).toBe(false);
    expect(settingsToParams(s).get(key)).toBe(other);
    expect(settingsToParams({ ...s, [key]: expected }).has(key)).toBe(false);
    expect(parse(settingsToParams(s).toString()).settings).toEqual(s);
  });
});
