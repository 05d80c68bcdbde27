// Corpus text hygiene: one form for line endings and no byte-order mark, and a count of what a
// person calls characters.

/** Strips a UTF-8 byte-order mark and turns CRLF and lone CR into LF. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Number of Unicode code points (what a person calls characters), as `for…of` counts them. */
export function countChars(text: string): number {
  // A surrogate pair is one code point; a lone surrogate is one too, as the tokenizer sees it.
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return text.length - pairs;
}
