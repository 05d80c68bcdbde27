// One token as the page shows it wherever tokens stand alone (next-token bars, surprise, attention,
// BPE merges): a character nobody could see (a no-break space, a zero-width joiner, a control, a
// lone combining accent) gets a visible stand-in, <U+00A0>, or a dotted circle under an accent,
// and the token's name says each such character by name and code point, as notices do
// (charNames.ts): "no-break space (U+00A0)". Visible look-alikes (a Cyrillic 'а') keep their
// glyph and are named too. The worker's token text already shows ␣ ↵ ⇥ for whitespace.
import { codePointLabel, nameChar } from './charNames';

/** Characters with no glyph of their own, or blank ones a reader would take for nothing. */
const INVISIBLE = /[\p{Zs}\p{Zl}\p{Zp}\p{Cc}\p{Cf}\p{Co}\p{Cn}\u115F\u1160\u3164\u2800\uFFFC]/u;
const MARK = /\p{M}/u;
/** A dotted circle: the base typography uses to show an accent standing alone. */
const DOTTED_CIRCLE = '\u25CC';

export interface TokenLabel {
  /** What to print: the token with invisible characters made visible. */
  shown: string;
  /** The named characters ("no-break space (U+00A0)"), joined with " + "; null when all are plain to see. */
  name: string | null;
}

/** @param text the token as the worker describes it (tokenizer's describeToken). */
export function tokenLabel(text: string): TokenLabel {
  let shown = '';
  const named: string[] = [];
  let visibleBefore = false;
  for (const ch of text) {
    const name = nameChar(ch);
    const isNamed = !name.startsWith("'");
    if (INVISIBLE.test(ch) && ch !== ' ') {
      shown += `<${codePointLabel(ch)}>`;
      visibleBefore = false;
    } else if (MARK.test(ch) && !visibleBefore) {
      shown += DOTTED_CIRCLE + ch;
      visibleBefore = true;
    } else {
      shown += ch;
      visibleBefore = true;
    }
    if (isNamed && ch !== ' ' && !named.includes(name)) named.push(name);
  }
  return { shown, name: named.length > 0 ? named.join(' + ') : null };
}

/** The token for a title or an aria-label: `'a'`, or `a<U+00A0>: no-break space (U+00A0)`. */
export function tokenTitle(text: string): string {
  const { shown, name } = tokenLabel(text);
  return name ? `${shown}: ${name}` : `'${shown}'`;
}
