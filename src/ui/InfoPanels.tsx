// What the page is working with before anything is clicked: the model, and the backend actually
// in use (or the fallback, and why). The corpus has its own panel (CorpusPanel.tsx).
import { usePlayground } from '../store/store';
import { formatCompact, formatSI } from '../protocol/units';
import { BACKEND_NAMES, tokenUnit } from '../protocol/reports';
import { describeRunMemory, runMemory } from '../protocol/runMemory';
import { fmtCompact, fmtInt } from './format';
import { Facts } from './Facts';

const plural = (n: number, word: string): string => `${fmtInt(n)} ${word}${n === 1 ? '' : 's'}`;

export function ModelPanel() {
  const model = usePlayground((s) => s.model);
  const unit = usePlayground((s) => tokenUnit(s.corpus?.tokenizer));
  const batchSize = usePlayground((s) => s.settings.batchSize);
  if (!model) {
    return (
      <section className="card" aria-label="Model">
        <h2>Model</h2>
        <p className="muted">Building the model…</p>
      </section>
    );
  }
  return (
    <section className="card" aria-label="Model">
      <h2>Model</h2>
      <Facts
        rows={[
          ['preset', <strong key="p">{model.preset}</strong>],
          [
            'shape',
            `${plural(model.nLayer, 'layer')} · ${plural(model.nHead, 'head')} · width ${model.nEmbd} · context ${fmtInt(model.blockSize)} ${unit}s`,
          ],
          ['parameters', `${fmtInt(model.params)} (${fmtCompact(model.params)})`],
          [
            'compute',
            <span
              key="c"
              title="nanoGPT's estimate_mfu: 6 FLOPs per parameter and token (2 forward, 4 backward; position embeddings not counted) plus attention's 12 · layers · width · context"
            >
              ≈ 6·N + 12·L·d·T = {formatSI(model.flopsPerToken, 'FLOP')} per {unit}
            </span>,
          ],
          ...(model.ops
            ? [
                [
                  'runs on',
                  <span
                    key="o"
                    title="The one implementation of the step's operations this run uses, chosen when the model is built: our WebGPU kernels on WebGPU, our WebAssembly kernels on WASM and CPU, the reference ops (nanoGPT's equations in TensorFlow.js ops) on WebGL or with kernels=reference. Each is tested against the reference on every backend."
                  >
                    {model.ops}
                  </span>,
                ] as [string, React.ReactNode],
              ]
            : []),
          [
            'memory',
            <span
              key="m"
              title="What a training step holds on the device: weights, their gradients and AdamW's two moments (4 × N floats), and the activations one batch keeps for the backward pass (a rough count)"
            >
              {describeRunMemory(runMemory({ ...model, batchSize }, model.vocabSize, model.params))}
            </span>,
          ],
        ]}
      />
    </section>
  );
}

export function BackendPanel() {
  const backend = usePlayground((s) => s.backend);
  if (!backend) {
    return (
      <section className="card" aria-label="Backend">
        <h2>Backend</h2>
        <p className="muted">Looking for a GPU…</p>
      </section>
    );
  }
  const isWebGpu = backend.name === 'webgpu';
  const names = BACKEND_NAMES;
  return (
    <section className="card" aria-label="Backend">
      <h2>Backend</h2>
      <p className="backend-name">
        <strong>{names[backend.name]}</strong>
        {isWebGpu && backend.adapterDescription ? ` · ${backend.adapterDescription}` : ''}
        {backend.requested ? ' · as the settings or link asked' : ''}
      </p>
      {backend.isFallbackAdapter && (
        <p className="note">
          This is a <strong>software</strong> WebGPU adapter (SwiftShader): real WebGPU, emulated on the CPU, so training is slow.
        </p>
      )}
      {backend.fallbackReason && (
        <p className="note">
          {isWebGpu ? 'Other backends failed' : 'Not WebGPU'}: {backend.fallbackReason}.
        </p>
      )}
      <p className="muted" title="Larger shapes are refused before a model is built">
        Largest tensor: {formatCompact(backend.tensorLimit.elements)} floats {backend.tensorLimit.source}
      </p>
    </section>
  );
}
