// Messages a person must see: bad URL parameters (the default was used instead) and errors from
// the worker or the GPU. Each can be dismissed; nothing else on the page is lost.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';

export function Alerts() {
  const { problems, errors, dismissError, dismissProblems, reader } = usePlayground(
    useShallow((s) => ({
      problems: s.settingsProblems,
      errors: s.errors,
      dismissError: s.dismissError,
      dismissProblems: s.dismissProblems,
      reader: s.tabRole === 'reader',
    })),
  );
  if (problems.length === 0 && errors.length === 0 && !reader) return null;
  return (
    <div className="alerts">
      {reader && (
        <div className="alert notice" role="status">
          This page is open in another tab, which saves its runs. Here you can train and prompt, but nothing is saved; close the other tab
          to save here.
        </div>
      )}
      {problems.length > 0 && (
        <div className="alert warning" role="alert">
          <strong>Some URL parameters were not used:</strong>
          <ul>
            {problems.map((p, i) => (
              <li key={`${p.param}-${i}`}>
                {p.message} {p.fallback}
              </li>
            ))}
          </ul>
          <button type="button" className="link" onClick={dismissProblems}>
            Dismiss
          </button>
        </div>
      )}
      {errors.map((e) => (
        <div key={e.id} className={`alert ${e.kind ?? 'error'}`} role={e.kind === 'notice' ? 'status' : 'alert'}>
          {e.message}
          <button type="button" className="link" onClick={() => dismissError(e.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
