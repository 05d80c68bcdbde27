// What a person gave (a link's value, a file's name, a typed field), shown back in a message at a
// bounded length: a 6,000-character parameter reads "utm_blob=AAAAAAAAAAAAAAAAAAAAAAAA… (6,000
// characters)", never the whole value on one unbroken line. Every message that echoes input goes
// through here; the page also lets such text break anywhere (styles/alerts-corpus.css, overflow-wrap).
import { formatCount } from './units';

/** Characters of one value kept in a message: a few dozen, enough to recognise it. */
export const ECHO_CHARS = 32;
/** Items of a list kept in a message before "and N more". */
export const ECHO_ITEMS = 5;

/**
 * `text` as a message shows it: whole when short, else its first `max` characters (code points,
 * so a character is never cut in half), an ellipsis, and its length.
 */
export function echo(text: string, max = ECHO_CHARS): string {
  const points = [...text];
  if (points.length <= max) return text;
  return `${points.slice(0, max).join('')}… (${formatCount(points.length)} characters)`;
}

/**
 * Several values, each bounded, joined with commas: "a.txt, b.txt, c.txt, d.txt, e.txt and 4 more". At most `maxItems` are named.
 * @param quote wrap each in double quotes, as file names are in messages.
 */
export function echoList(items: readonly string[], opts: { maxItems?: number; maxChars?: number; quote?: boolean } = {}): string {
  const { maxItems = ECHO_ITEMS, maxChars = ECHO_CHARS, quote = false } = opts;
  const shown = items.slice(0, maxItems).map((s) => (quote ? `"${echo(s, maxChars)}"` : echo(s, maxChars)));
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${formatCount(rest)} more` : shown.join(', ');
}
