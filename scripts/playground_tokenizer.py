"""The page's tokenizers in plain Python, id for id: src/data/charTokenizer.ts and src/data/bpe.ts.

A tokenizer comes as the page writes it into an export's metadata ("tokenizer"): {"kind": "char",
"chars": [...]} (id = index in the alphabet) or {"kind": "bpe", "merges": [[a, b], ...]} (GPT-2's
byte-level BPE: ids 0-255 are the bytes, merge i makes id 256 + i). Text is first normalised as the
page does (data/corpus.ts normaliseText: no leading byte-order mark, LF line ends, Unicode NFC). BPE
splits text with GPT-2's pattern (encoder.py), written here as a scanner because Python's `re` has no
\\p{L} (the `regex` package need not be installed), with JavaScript's \\s, and cuts a chunk longer
than 256 code points into pieces as bpe.ts does; then it merges the lowest-ranked pair everywhere,
over and over. Only the standard library is needed.
"""
import unicodedata

MAX_CHUNK_CODE_POINTS = 256  # bpe.ts MAX_CHUNK_CODE_POINTS
# JavaScript's \s with the u flag: WhiteSpace and LineTerminator.
JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}
CONTRACTIONS = ("s", "t", "re", "ve", "m", "ll", "d")  # the pattern's order


def normalise_text(text):
    """data/corpus.ts normaliseText: drop a leading BOM, CRLF and CR to LF, NFC."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_letter(c):
    return unicodedata.category(c)[0] == "L"


def _is_number(c):
    return unicodedata.category(c)[0] == "N"


def _is_other(c):
    return c not in JS_SPACE and not _is_letter(c) and not _is_number(c)


def _chunk_end(s, i):
    """End of the chunk GPT-2's pattern matches at i:
    's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+ (first alternative that matches)."""
    n = len(s)
    if s[i] == "'":
        for c in CONTRACTIONS:
            if s.startswith(c, i + 1):
                return i + 1 + len(c)
    for member in (_is_letter, _is_number, _is_other):
        start = i + 1 if s[i] == " " and i + 1 < n and member(s[i + 1]) else i  # ' ?' takes the space when it can
        if member(s[start]):
            j = start
            while j < n and member(s[j]):
                j += 1
            return j
    j = i
    while j < n and s[j] in JS_SPACE:
        j += 1
    # \s+(?!\S): a run of spaces before a non-space gives back its last one (unless that is all of it)
    return j - 1 if j < n and j - i >= 2 else j


def pretokenize(text):
    """bpe.ts pretokenize: GPT-2's chunks, those over 256 code points cut into pieces of 256."""
    chunks, i = [], 0
    while i < len(text):
        j = _chunk_end(text, i)
        chunk = text[i:j]
        chunks.extend(chunk[k:k + MAX_CHUNK_CODE_POINTS] for k in range(0, len(chunk), MAX_CHUNK_CODE_POINTS))
        i = j
    return chunks


def apply_merges(ids, ranks):
    """Merge the lowest-ranked adjacent pair everywhere, left to right, until none is a merge (bpe.ts applyMerges)."""
    while len(ids) > 1:
        best = min((ranks.get(p, float("inf")) for p in zip(ids, ids[1:])))
        if best == float("inf"):
            break
        a, b = next(p for p in zip(ids, ids[1:]) if ranks.get(p) == best)
        merged, i = [], 0
        while i < len(ids):
            if i + 1 < len(ids) and ids[i] == a and ids[i + 1] == b:
                merged.append(256 + best)
                i += 2
            else:
                merged.append(ids[i])
                i += 1
        ids = merged
    return ids


class Tokenizer:
    """encode(text) -> (ids, skipped characters); decode(ids) -> text; vocab_size."""

    def __init__(self, spec):
        self.kind = spec["kind"]
        if self.kind == "char":
            self.chars = spec["chars"]
            self.index = {c: i for i, c in enumerate(self.chars)}
            self.vocab_size = len(self.chars)
        elif self.kind == "bpe":
            self.ranks = {(a, b): rank for rank, (a, b) in enumerate(spec["merges"])}
            self.table = [bytes([i]) for i in range(256)]
            for a, b in spec["merges"]:
                self.table.append(self.table[a] + self.table[b])
            self.vocab_size = len(self.table)
            self.cache = {}
        else:
            raise ValueError(f"unknown tokenizer kind {self.kind!r}")

    def encode(self, text):
        text = normalise_text(text)
        if self.kind == "char":
            return [self.index[c] for c in text if c in self.index], sorted({c for c in text if c not in self.index})
        ids = []
        for chunk in pretokenize(text):
            if chunk not in self.cache:
                self.cache[chunk] = apply_merges(list(chunk.encode("utf-8", "surrogatepass")), self.ranks)
            ids.extend(self.cache[chunk])
        return ids, []

    def decode(self, ids):
        if self.kind == "char":
            return "".join(self.chars[i] for i in ids)
        return b"".join(self.table[i] for i in ids).decode("utf-8", errors="replace")
