// The "Compute" section: what this run has cost so far, and what pre-training GPT-2 and GPT-3 would
// cost at this device's measured speed and on a datacenter cluster.
import { ComputeBill } from './ComputeBill';
import { CostEstimator } from './CostEstimator';

export function ComputeSection() {
  return (
    <section className="compute" aria-label="Compute">
      <h2>Compute</h2>
      <div className="compute-body">
        <ComputeBill />
        <CostEstimator />
      </div>
    </section>
  );
}
