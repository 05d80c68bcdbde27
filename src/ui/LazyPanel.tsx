// A panel whose code loads after the first paint (the labs, drawn with recharts): nothing while it
// loads, and if its code cannot be fetched (the network dropped, or the site was updated under
// the open page) a card saying so, instead of React taking the whole page down with it.
import { Component, Suspense, useEffect, useState, type ReactNode } from 'react';

interface Props {
  /** What the panel is, as the message names it: "The scale lab". */
  name: string;
  children: ReactNode;
}

/** Renders `children` once their code has loaded; a card with a message if it fails to. */
export class LazyPanel extends Component<Props, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    if (this.state.failed)
      return (
        <section className="card" role="alert">
          <p>{this.props.name} could not be loaded (its code did not arrive). Reload the page to try again; your run is kept.</p>
        </section>
      );
    return (
      <AfterFirstPaint>
        <Suspense fallback={null}>{this.props.children}</Suspense>
      </AfterFirstPaint>
    );
  }
}

/**
 * Its children from the frame after the page's first paint: a lazy panel mounted with the page
 * would start fetching its code before that paint, and the first paint would wait on nothing of
 * it but still count it (the bench's JavaScript before the first contentful paint). Two animation
 * frames: the first runs before the next paint, the second after it.
 */
function AfterFirstPaint({ children }: { children: ReactNode }) {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let second = 0;
    const first = requestAnimationFrame(() => (second = requestAnimationFrame(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, []);
  return painted ? children : null;
}
