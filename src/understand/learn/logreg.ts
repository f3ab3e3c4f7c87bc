// A small L2-regularised logistic regression over sparse binary features (each example is a list of
// feature names). Training is deterministic: full-batch steps, a fixed number of them, and a vocabulary in
// sorted order, so the same data always gives the same weights.

export interface Example {
  features: string[];
  label: boolean;
}

export interface TrainOptions {
  /** L2 strength on the mean log-loss */
  l2: number;
  /** full-batch steps */
  epochs: number;
  /** Adam step size */
  rate: number;
  /** features seen in fewer training examples than this are dropped (no feature may key on one sentence) */
  minCount: number;
}

export const defaultTrainOptions: TrainOptions = { l2: 1e-3, epochs: 200, rate: 0.05, minCount: 3 };

export interface Model {
  bias: number;
  weights: Record<string, number>;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));

export function train(examples: readonly Example[], options: Partial<TrainOptions> = {}): Model {
  const o = { ...defaultTrainOptions, ...options };
  // vocabulary: features present in at least minCount examples, indexed in sorted order
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = [...counts].filter(([, n]) => n >= o.minCount).map(([f]) => f).sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const rows = examples.map((e) => ({
    x: [...new Set(e.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined))],
    y: e.label ? 1 : 0,
  }));
  const n = Math.max(1, rows.length);
  // full-batch Adam on mean log-loss + l2/2·|w|² (bias unpenalised): the optimum does not depend on the
  // order of the examples, and a fixed number of steps makes it reproducible
  const dim = vocab.length + 1;
  const w = new Float64Array(dim);
  const m = new Float64Array(dim);
  const v = new Float64Array(dim);
  const g = new Float64Array(dim);
  const b1 = 0.9, b2 = 0.999;
  for (let t = 1; t <= o.epochs; t++) {
    g.fill(0);
    for (const r of rows) {
      let z = w[vocab.length]!;
      for (const i of r.x) z += w[i]!;
      const err = (sigmoid(z) - r.y) / n;
      for (const i of r.x) g[i]! += err;
      g[vocab.length]! += err;
    }
    for (let i = 0; i < dim; i++) {
      const gi = g[i]! + (i < vocab.length ? o.l2 * w[i]! : 0);
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      w[i]! -= (o.rate * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + 1e-8);
    }
  }
  const weights: Record<string, number> = {};
  vocab.forEach((f, i) => {
    if (Math.abs(w[i]!) >= 1e-4) weights[f] = Math.round(w[i]! * 1e4) / 1e4;
  });
  return { bias: Math.round(w[vocab.length]! * 1e4) / 1e4, weights };
}

/** Probability that the example is positive. */
export function predict(model: Model, features: readonly string[]): number {
  let z = model.bias;
  for (const f of new Set(features)) z += model.weights[f] ?? 0;
  return sigmoid(z);
}
