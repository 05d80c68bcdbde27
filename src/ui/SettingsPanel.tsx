// Edit the run's settings, validated by the same rules as the URL parameters. Apply builds a fresh
// model (asking first if the current one has trained); the URL and this form follow the worker:
// they change only when it accepts the settings, and a refusal puts the form back.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import {
  BACKENDS,
  NUMERIC_KEYS,
  PRESETS,
  PRESET_NAMES,
  SETTING_RANGES,
  type NumericKey,
  type PresetName,
  type RunSettings,
} from '../protocol/settings';
import { parseSettings } from '../protocol/settingsUrl';
import { longestContext, tokenUnit } from '../protocol/reports';
import { resourceMisfit } from '../protocol/resources';
import { NumberField } from './NumberField';
import { useConfirm } from './useConfirm';
import { fmtInt } from './format';
import { fateOfRun } from './replaceWords';
import { personRunSettings } from '../store/selectors';

type Form = Record<NumericKey, string> & { preset: PresetName; backend: string };

const toForm = (s: RunSettings): Form => ({
  ...(Object.fromEntries(NUMERIC_KEYS.map((k) => [k, String(s[k])])) as Record<NumericKey, string>),
  preset: s.preset,
  backend: s.backend ?? '',
});

export function SettingsPanel() {
  const { settings, version, applying, step, saved, running, lab, corpus, backend, applySettings } = usePlayground(
    useShallow((s) => ({
      // The person's own run's: during a lab, the run kept aside (a lab never writes this form).
      settings: personRunSettings(s),
      version: s.settingsVersion,
      applying: s.applying !== null,
      step: s.run?.kept?.step ?? s.step,
      saved: s.run?.kept ? s.run.kept.saved : s.run?.saved,
      running: s.runState === 'running' && !s.run?.kept,
      lab: s.run?.lab,
      corpus: s.corpus,
      backend: s.backend,
      applySettings: s.applySettings,
    })),
  );
  const unit = usePlayground((s) => tokenUnit(s.corpus?.tokenizer));
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const [dialog, ask] = useConfirm('Apply');
  // The worker answered (a new run, or a refusal): show the run's settings (React's "adjust state on prop change").
  const [shownVersion, setShownVersion] = useState(version);
  if (shownVersion !== version) {
    setShownVersion(version);
    setForm(toForm(settings));
  }

  // Validate through the URL-parameter parser: one set of rules, one set of messages.
  const { settings: parsed, problems } = parseSettings((key) => {
    if (key === 'preset') return form.preset;
    if (key === 'backend') return form.backend === '' ? null : form.backend;
    return (form as Record<string, string>)[key] ?? null;
  });
  // What the worker would refuse, said before Apply asks anything: a context the text is too
  // short for, a shape this backend cannot hold (known only for the backend in use).
  const longest = corpus && !lab ? longestContext(corpus) : Infinity; // during a lab, `corpus` is the lab's text
  const contextProblem =
    problems.length === 0 && parsed.blockSize > longest
      ? `Context must be at most ${fmtInt(longest)} for ${corpus?.name} (you gave ${parsed.blockSize}).`
      : undefined;
  const sameBackend = parsed.backend === settings.backend;
  const sizeProblem =
    problems.length === 0 && corpus && backend && sameBackend ? resourceMisfit(parsed, corpus.vocabSize, backend.tensorLimit) : null;
  const problemFor = (key: string) => problems.find((p) => p.param === key)?.message ?? (key === 'blockSize' ? contextProblem : undefined);
  const blocked = problems.length > 0 || contextProblem !== undefined || sizeProblem !== null;

  const choosePreset = (preset: PresetName) => {
    const p = PRESETS[preset];
    setForm((f) => ({ ...f, preset, ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])) }));
  };

  const apply = async (e: React.FormEvent) => {
    e.preventDefault();
    if (blocked) return;
    const labEnds = lab ? 'ends the lab and ' : '';
    if (step > 0 && !(await ask(`Applying settings ${labEnds}starts a fresh model: ${fateOfRun(step, saved, running)}. Continue?`))) return;
    applySettings(parsed);
  };

  return (
    <details className="card settings">
      <summary>
        <h2>Settings</h2>
        <span className="muted"> model shape, learning rate, steps, backend: also settable by URL parameters</span>
      </summary>
      {lab && (
        <p className="note">
          A lab is training a run of its own. These are your run's settings, kept as they were; Apply ends the lab and starts your fresh run
          with them.
        </p>
      )}
      <form onSubmit={(e) => void apply(e)}>
        <div className="row fields">
          <div className="field">
            <label htmlFor="preset">Preset</label>
            <select id="preset" value={form.preset} onChange={(e) => choosePreset(e.target.value as PresetName)}>
              {PRESET_NAMES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="backend">Backend</label>
            <select id="backend" value={form.backend} onChange={(e) => setForm((f) => ({ ...f, backend: e.target.value }))}>
              <option value="">best available</option>
              {BACKENDS.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </div>
          {NUMERIC_KEYS.map((key) => (
            <NumberField
              key={key}
              label={`${SETTING_RANGES[key].label} (${key})`}
              value={form[key]}
              onChange={(v) => setForm((f) => ({ ...f, [key]: v }))}
              error={problemFor(key)}
              step={SETTING_RANGES[key].integer ? '1' : 'any'}
              hint={`${SETTING_RANGES[key].min} to ${SETTING_RANGES[key].max}${key === 'blockSize' || key === 'sampleLength' ? ` ${unit}s` : ''}`}
            />
          ))}
        </div>
        {sizeProblem && (
          <p className="field-error" role="alert">
            {sizeProblem}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={() => setForm(toForm(settings))}>
            Revert
          </button>
          <button type="submit" className="primary" disabled={blocked || applying}>
            {applying ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
      {dialog}
    </details>
  );
}
