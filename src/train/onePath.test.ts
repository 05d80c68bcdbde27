// The lint rule that keeps one compute path (eslint.config.js, "one compute path"): a model/ or
// train/ file that imports an implementation or asks which one runs (by its name, or by comparing
// the kernels setting with a path) is refused; the same file through the Ops interface passes.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const lint = async (code: string, filePath: string) => {
  const [result] = await new ESLint().lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
};

describe('one compute path in model/ and train/', () => {
  it("refuses an implementation import, a test of the implementation's name and of the kernels setting", async () => {
    const branchy = [
      "import { webgpuOps } from '../kernels/webgpu/ops';",
      "import { opsFor, type Ops } from '../kernels/ops';",
      "export const a = (ops: Ops) => (ops.name === 'webgpu' ? webgpuOps : opsFor('cpu', 'fused'));",
      "export const b = (s: { kernels?: string }) => s.kernels === 'fused';",
    ].join('\n');
    for (const file of ['src/model/probe.ts', 'src/train/probe.ts']) {
      const messages = await lint(branchy, file);
      expect(messages.some((m) => m.includes('only through kernels/ops.ts'))).toBe(true);
      expect(messages.some((m) => m.includes('Do not ask which implementation runs'))).toBe(true);
      expect(messages.some((m) => m.includes('No branch on the compute path'))).toBe(true);
    }
  });

  it('lets the Ops interface and opsFor through', async () => {
    const clean = [
      "import { opsFor, type Ops } from '../kernels/ops';",
      "import type { KernelPath } from '../protocol/settings';",
      "export const ops = (s: { kernels?: KernelPath }): Ops => opsFor('webgpu', s.kernels);",
    ].join('\n');
    expect(await lint(clean, 'src/train/probe.ts')).toEqual([]);
  });
});
