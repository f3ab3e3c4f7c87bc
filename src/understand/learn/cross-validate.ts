// k-fold cross-validation with seeded folds, and the precision / recall / F1 of a set of decisions.
import { type Example, predict, train, type TrainOptions } from './logreg.js';

/** Mulberry32: a tiny seeded generator, enough for shuffling examples into folds. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export interface Scores {
  p: number;
  r: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function score(gold: readonly boolean[], predicted: readonly boolean[]): Scores {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (g && p) tp++;
    else if (!g && p) fp++;
    else if (g) fn++;
    else tn++;
  });
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, tp, fp, fn, tn };
}

/**
 * Out-of-fold probabilities: each example is scored by the model trained on the other k-1 folds (plus
 * `alwaysTrain`, extra examples that are in every training fold and never scored).
 */
export function crossValidate(
  examples: readonly Example[],
  { k = 5, seed = 1, options = {}, alwaysTrain = [] }: { k?: number; seed?: number; options?: Partial<TrainOptions>; alwaysTrain?: readonly Example[] } = {},
): number[] {
  const order = shuffled(examples.map((_, i) => i), seededRandom(seed));
  const fold = new Array<number>(examples.length);
  order.forEach((i, n) => (fold[i] = n % k));
  const out = new Array<number>(examples.length).fill(0);
  for (let f = 0; f < k; f++) {
    const model = train([...examples.filter((_, i) => fold[i] !== f), ...alwaysTrain], options);
    examples.forEach((e, i) => {
      if (fold[i] === f) out[i] = predict(model, e.features);
    });
  }
  return out;
}

export const formatScores = (s: Scores) => `P ${s.p.toFixed(2)} R ${s.r.toFixed(2)} F1 ${s.f1.toFixed(2)}`;
