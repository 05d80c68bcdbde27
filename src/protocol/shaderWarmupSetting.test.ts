// The `shaderWarmup` run setting: URL parameter shaderWarmup=on|off, absent = off (on SwiftShader the
// warm-up measured slower: README, Performance); a bad value is reported like any other setting's;
// it survives the worker boundary and the round trip to a link.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, DEFAULT_SHADER_WARMUP, RunSettingsSchema } from './settings';
import { parseSettings, settingsToParams, unknownParams } from './settingsUrl';

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return parseSettings((key) => params.get(key));
};

describe('the shaderWarmup setting', () => {
  it('is off unless asked for', () => {
    expect(DEFAULT_SHADER_WARMUP).toBe('off');
    expect(parse('').settings.shaderWarmup).toBeUndefined();
    expect(parse('shaderWarmup=on').settings.shaderWarmup).toBe('on');
    expect(parse('shaderWarmup=off').settings.shaderWarmup).toBe('off');
    expect(unknownParams(new URLSearchParams('shaderWarmup=on'))).toEqual([]);
  });

  it('refuses another value with the accepted ones named, keeping the default', () => {
    const { settings, problems } = parse('shaderWarmup=yes');
    expect(settings.shaderWarmup).toBeUndefined();
    expect(problems).toEqual([{ param: 'shaderWarmup', message: 'shaderWarmup must be one of on, off (you gave yes).', fallback: 'Using off.' }]);
  });

  it('travels through the schema and back into a link', () => {
    const s = { ...DEFAULT_SETTINGS, shaderWarmup: 'on' as const };
    expect(v.parse(RunSettingsSchema, s)).toEqual(s);
    expect(v.safeParse(RunSettingsSchema, { ...s, shaderWarmup: 'maybe' }).success).toBe(false);
    expect(settingsToParams(s).get('shaderWarmup')).toBe('on');
    expect(settingsToParams({ ...s, shaderWarmup: 'off' }).has('shaderWarmup')).toBe(false);
    expect(parse(settingsToParams(s).toString()).settings).toEqual(s);
  });
});
