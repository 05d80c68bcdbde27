// Messages a person must see: bad URL parameters (the default was used instead) and errors from
// the worker or the GPU. Each can be dismissed; nothing else on the page is lost.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';

export function Alerts() {
  const { problems, errors, dismissError, dismissProblems } = usePlayground(
    useShallow((s) => ({ problems: s.settingsProblems, errors: s.errors, dismissError: s.dismissError, dismissProblems: s.dismissProblems })),
  );
  if (problems.length === 0 && errors.length === 0) return null;
  return (
    <div className="alerts">
      {problems.length > 0 && (
        <div className="alert warning" role="alert">
          <strong>Some URL parameters were not used:</strong>
          <ul>{problems.map((p) => <li key={p.param}>{p.message} {p.fallback}</li>)}</ul>
          <button type="button" className="link" onClick={dismissProblems}>Dismiss</button>
        </div>
      )}
      {errors.map((e) => (
        <div key={e.id} className="alert error" role="alert">
          {e.message}
          <button type="button" className="link" onClick={() => dismissError(e.id)}>Dismiss</button>
        </div>
      ))}
    </div>
  );
}
