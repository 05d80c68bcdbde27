// How a token looks on the page: its bytes as text, whitespace made visible (␣ ↵ ⇥), and bytes
// that are not a whole UTF-8 character written as hex (<e2 80>), so a BPE token that ends inside
// a character still shows what it holds. One map for both tokenizers: BPE describes bytes,
// the char tokenizer one character (describeChar), so the same character looks the same in both.

const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

/**
 * One whole character as the page shows it: whitespace made visible (␣ ↵ ⇥ ␍), other C0 controls
 * and DEL as hex (<07>), anything else as itself.
 */
export function describeChar(ch: string): string {
  const code = ch.codePointAt(0);
  if (code === undefined) return '';
  return VISIBLE[ch] ?? (code < 0x20 || code === 0x7f ? `<${code.toString(16).padStart(2, '0')}>` : ch);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whole UTF-8 characters as text (whitespace made visible), stray bytes grouped as <e2 80>. */
export function describeBytes(bytes: Uint8Array): string {
  let out = '';
  let stray: string[] = [];
  const flush = (): void => {
    if (stray.length > 0) out += `<${stray.join(' ')}>`;
    stray = [];
  };
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    const len = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    let ch: string | null = null;
    if (len > 0 && i + len <= bytes.length) {
      try {
        ch = strictUtf8.decode(bytes.subarray(i, i + len));
      } catch {
        ch = null; // overlong, surrogate or bad continuation byte
      }
    }
    if (ch === null) {
      stray.push(lead.toString(16).padStart(2, '0'));
      i++;
      continue;
    }
    flush();
    out += describeChar(ch);
    i += len;
  }
  flush();
  return out;
}
