// The `kernels` run setting: URL parameter kernels=reference|fused, absent = fused; a bad value is
// reported like any other setting's; it survives the worker boundary and the round trip to a link.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KERNELS, DEFAULT_SETTINGS, RunSettingsSchema } from './settings';
import { parseSettings, settingsToParams, unknownParams } from './settingsUrl';

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return parseSettings((key) => params.get(key));
};

describe('the kernels setting', () => {
  it('is fused unless asked otherwise', () => {
    expect(DEFAULT_KERNELS).toBe('fused');
    expect(parse('').settings.kernels).toBeUndefined();
    expect(parse('kernels=fused').settings.kernels).toBe('fused');
    expect(parse('kernels=reference').settings.kernels).toBe('reference');
    expect(unknownParams(new URLSearchParams('kernels=reference'))).toEqual([]);
  });

  it('refuses another value with the accepted ones named, keeping the default', () => {
    const { settings, problems } = parse('kernels=turbo');
    expect(settings.kernels).toBeUndefined();
    expect(problems).toEqual([{ param: 'kernels', message: 'Kernels must be one of fused, reference (you gave turbo).', fallback: 'Using fused.' }]);
  });

  it('travels through the schema and back into a link', () => {
    const s = { ...DEFAULT_SETTINGS, kernels: 'reference' as const };
    expect(v.parse(RunSettingsSchema, s)).toEqual(s);
    expect(v.safeParse(RunSettingsSchema, { ...s, kernels: 'fast' }).success).toBe(false);
    expect(settingsToParams(s).get('kernels')).toBe('reference');
    expect(settingsToParams({ ...s, kernels: 'fused' }).has('kernels')).toBe(false);
    expect(parse(settingsToParams(s).toString()).settings).toEqual(s);
  });
});
