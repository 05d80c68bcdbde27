// A page-styled confirmation (native <dialog>, so focus and Escape behave): `ask(message)`
// resolves true on Confirm, false on Cancel or Escape; `dismiss()` closes it as a Cancel when the
// question no longer stands.
import { useCallback, useRef, useState } from 'react';

export function useConfirm(
  confirmLabel: string,
): [dialog: React.ReactElement, ask: (message: string) => Promise<boolean>, dismiss: () => void] {
  const ref = useRef<HTMLDialogElement>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const [message, setMessage] = useState('');

  const ask = useCallback((text: string) => {
    setMessage(text);
    ref.current?.showModal();
    return new Promise<boolean>((resolve) => (resolver.current = resolve));
  }, []);

  const close = useCallback((ok: boolean) => {
    ref.current?.close();
    resolver.current?.(ok);
    resolver.current = null;
  }, []);
  const dismiss = useCallback(() => close(false), [close]);

  const dialog = (
    <dialog ref={ref} className="confirm" onCancel={() => close(false)} aria-label="Please confirm">
      <p>{message}</p>
      <div className="row end">
        <button type="button" onClick={() => close(false)}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => close(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
  return [dialog, ask, dismiss];
}
