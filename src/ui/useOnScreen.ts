// Whether an element is on screen (or nearly), for work that only matters when it is seen: the live
// charts skip their redraws while scrolled away (a person typing a prompt mid-training, say) and
// catch up on their next turn once back.
import { useCallback, useRef, type RefCallback, type RefObject } from 'react';

/** How far outside the viewport an element still counts as on screen: it is drawn before it shows. */
const MARGIN = '300px';

/**
 * A ref to put on an element, and whether that element is on screen. The answer is a ref, not
 * state: reading it re-renders nothing. True until the browser first says otherwise (and where
 * there is no IntersectionObserver).
 */
export function useOnScreen<T extends Element>(): [RefCallback<T>, RefObject<boolean>] {
  const onScreen = useRef(true);
  const observe = useCallback((element: T | null) => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        onScreen.current = entries.at(-1)?.isIntersecting ?? onScreen.current;
      },
      { rootMargin: MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [observe, onScreen];
}
