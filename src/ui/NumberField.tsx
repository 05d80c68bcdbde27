// A labelled number input that keeps the person's text while they type and shows its problem
// under it; the parent decides what is valid.
export interface NumberFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  step?: string;
  hint?: string;
}

export function NumberField({ label, value, onChange, error, step = 'any', hint }: NumberFieldProps) {
  const id = `field-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        title={hint}
      />
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
