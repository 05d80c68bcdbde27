// What Compress made and what Decompress restored: the file's size beside gzip's on the same text
// (bits per character for both), the time per kilobyte, the weights the decompressor needs, and
// whether the restored text is identical to the one compressed. Reads store/compression.ts.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { fmtBytes } from './format';

const int = (n: number) => n.toLocaleString('en-US');
const bitsPerChar = (bytes: number, characters: number) => (characters > 0 ? ((bytes * 8) / characters).toFixed(2) : '—');
/** Seconds per kilobyte (1,000 bytes of UTF-8 text). */
const perKb = (ms: number, textBytes: number) => (textBytes > 0 ? `${(ms / textBytes).toFixed(2)} s per KB` : '');

export function CompressionResult() {
  const { compressed, decompressed, downloadCompressed } = usePlayground(
    useShallow((s) => ({ compressed: s.compressed, decompressed: s.decompressed, downloadCompressed: s.downloadCompressed })),
  );
  return (
    <>
      {compressed && (
        <div className="compression-result" aria-label="Compressed">
          <h3>Compressed {compressed.name}</h3>
          {compressed.notices.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          <table>
            <tbody>
              <tr>
                <th scope="row">Text</th>
                <td>
                  {int(compressed.characters)} characters, {int(compressed.textBytes)} bytes of UTF-8, {int(compressed.tokens)} tokens
                </td>
              </tr>
              <tr>
                <th scope="row">With the model</th>
                <td data-testid="model-bytes">
                  <strong>{int(compressed.file.byteLength)} bytes</strong> ({int(compressed.headerBytes)} of header) ·{' '}
                  {bitsPerChar(compressed.file.byteLength, compressed.characters)} bits per character
                  {/* the header is fixed, so a short text's figure is mostly header: the model's own is the code alone */}
                  {compressed.headerBytes > 0 &&
                    ` (${bitsPerChar(compressed.file.byteLength - compressed.headerBytes, compressed.characters)} without the ${int(compressed.headerBytes)}-byte header)`}
                </td>
              </tr>
              <tr>
                <th scope="row">gzip</th>
                <td data-testid="gzip-bytes">
                  {int(compressed.gzipBytes)} bytes · {bitsPerChar(compressed.gzipBytes, compressed.characters)} bits per character
                </td>
              </tr>
              <tr>
                <th scope="row">Against gzip</th>
                <td>{againstGzip(compressed.file.byteLength, compressed.gzipBytes)}</td>
              </tr>
              <tr>
                <th scope="row">Time</th>
                <td>
                  {(compressed.ms / 1000).toFixed(1)} s, {perKb(compressed.ms, compressed.textBytes)} (one forward pass per token)
                </td>
              </tr>
              <tr>
                <th scope="row">The decompressor needs</th>
                <td>
                  the file, and the weights that wrote it: {int(compressed.params)} parameters, {fmtBytes(compressed.weightsBytes)} in
                  float32 (step {int(compressed.step)})
                </td>
              </tr>
            </tbody>
          </table>
          {/* Compress downloads the file at once (store/compression.ts), which a browser may do without a word */}
          <p className="muted small">
            Compress saved it to your downloads as {compressed.fileName}.{' '}
            <button type="button" onClick={downloadCompressed}>
              Download it again
            </button>
          </p>
        </div>
      )}
      {decompressed && (
        <div className="compression-result" aria-label="Decompressed">
          <p role="status">
            Restored {int(decompressed.characters)} characters from a {int(decompressed.fileBytes)}-byte file in{' '}
            {(decompressed.ms / 1000).toFixed(1)} s ({perKb(decompressed.ms, new TextEncoder().encode(decompressed.text).length)}):{' '}
            <strong>
              {decompressed.identical === true
                ? 'identical to the text you compressed.'
                : decompressed.identical === false
                  ? 'it differs from the text last compressed here (this file holds another text); its checksum matches the file.'
                  : 'its checksum matches the one the file carries.'}
            </strong>
          </p>
          <details>
            <summary>The restored text</summary>
            <pre className="restored">{decompressed.text}</pre>
          </details>
        </div>
      )}
    </>
  );
}

function againstGzip(ours: number, gzip: number): string {
  if (ours === gzip) return 'the same size as gzip';
  const share = Math.round((100 * Math.abs(gzip - ours)) / gzip);
  return ours < gzip
    ? `${share}% smaller than gzip`
    : `${share}% larger than gzip: the model does not yet predict this text as well as gzip finds its repeats`;
}
