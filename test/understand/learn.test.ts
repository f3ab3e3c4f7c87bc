// The pieces of the learned request classifier: tokens, features, training, cross-validation and the
// committed model. The tiny data sets are made up here.
import { describe, expect, it } from 'vitest';
import { ownFile, parakweetFile, readLabelled } from '../../scripts/train-requests.js';
import { requestFeatures } from '../../src/understand/intent.js';
import { crossValidate, score } from '../../src/understand/learn/cross-validate.js';
import { sentenceFeatures } from '../../src/understand/learn/features.js';
import { defaultTrainOptions, type Example, predict, train } from '../../src/understand/learn/logreg.js';
import { requestModel } from '../../src/understand/learn/model.js';
import { tokenize } from '../../src/understand/learn/tokens.js';

// a made-up two-topic data set: "ask" sentences mention a verb request, "tell" sentences a past event
function tinyData(): Example[] {
  const out: Example[] = [];
  const things = ['report', 'slides', 'badge', 'invoice', 'budget', 'menu', 'poster', 'ticket'];
  for (const t of things) {
    out.push({ features: ['w:please', 'w:send', `w:${t}`, 'c:VERB'], label: true });
    out.push({ features: ['w:could', 'w:you', `w:${t}`, 'shape:question'], label: true });
    out.push({ features: ['w:the', `w:${t}`, 'w:arrive', 'c:DET'], label: false });
    out.push({ features: ['w:we', 'w:finish', `w:${t}`, 'w:yesterday'], label: false });
  }
  return out;
}

describe('tokens', () => {
  it('gives lower-cased words with parts of speech and lemmas', () => {
    const t = tokenize('Send the invoices to Rita.');
    expect(t.map((x) => x.word)).toEqual(['send', 'the', 'invoices', 'to', 'rita', '.']);
    expect(t[0]!.pos).toBe('VERB');
    expect(t[2]!.lemma).toBe('invoice');
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('features', () => {
  it('marks a clause that opens with a bare verb, after an address too', () => {
    const direct = sentenceFeatures('Send the bus schedule.', tokenize('Send the bus schedule.'));
    expect(direct).toContain('s:VERB');
    const addressed = sentenceFeatures('Omar, send the bus schedule.', tokenize('Omar, send the bus schedule.'));
    expect(addressed).toContain('c:VERB');
    expect(addressed).toContain('cv:send');
  });

  it('marks modal + person pairs, questions and shape', () => {
    const f = sentenceFeatures('Could you check the rota?', tokenize('Could you check the rota?'));
    expect(f).toEqual(expect.arrayContaining(['mp:you', 'mp:could_you', 'shape:question', 'len:s']));
    const ad = 'SAVE BIG TODAY ON EVERY ORDER $LINK';
    expect(sentenceFeatures(ad, tokenize(ad))).toEqual(expect.arrayContaining(['shape:caps', 'shape:link']));
  });

  it('reads the form of the first verb', () => {
    expect(sentenceFeatures('We shipped the crates.', tokenize('We shipped the crates.'))).toContain('fv:past');
    expect(sentenceFeatures('We will ship the crates.', tokenize('We will ship the crates.'))).toEqual(expect.arrayContaining(['fv:base', 'fv:base_AUX']));
    expect(sentenceFeatures('Lovely weather.', tokenize('Lovely weather.'))).toContain('fv:none');
  });
});

describe('training', () => {
  it('is deterministic: the same data gives the same weights', () => {
    const a = train(tinyData(), { epochs: 50 });
    const b = train(tinyData(), { epochs: 50 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('learns a separable set and scores new sentences by their features', () => {
    const m = train(tinyData(), { epochs: 100 });
    expect(predict(m, ['w:please', 'w:send', 'w:report', 'c:VERB'])).toBeGreaterThan(0.8);
    expect(predict(m, ['w:the', 'w:report', 'w:arrive', 'c:DET'])).toBeLessThan(0.2);
  });

  it('drops features seen in fewer than minCount examples, so no weight keys on one sentence', () => {
    const data = [...tinyData(), { features: ['w:please', 'w:zanzibar'], label: true }];
    const m = train(data, { epochs: 20, minCount: 2 });
    expect(m.weights['w:zanzibar']).toBeUndefined();
    expect(m.weights['w:please']).toBeGreaterThan(0);
  });

  it('shrinks weights harder with a stronger L2 penalty', () => {
    const weak = train(tinyData(), { epochs: 100, l2: 1e-4 });
    const strong = train(tinyData(), { epochs: 100, l2: 1 });
    expect(Math.abs(strong.weights['w:please']!)).toBeLessThan(Math.abs(weak.weights['w:please']!));
  });

  it('cross-validates with seeded folds: same seed, same predictions, each example scored once', () => {
    const data = tinyData();
    const a = crossValidate(data, { k: 4, seed: 3, options: { epochs: 50, minCount: 1 } });
    const b = crossValidate(data, { k: 4, seed: 3, options: { epochs: 50, minCount: 1 } });
    expect(a).toEqual(b);
    expect(a).toHaveLength(data.length);
    const s = score(data.map((e) => e.label), a.map((p) => p >= 0.5));
    expect(s.tp + s.fp + s.fn + s.tn).toBe(data.length);
    expect(s.f1).toBeGreaterThan(0.9);
  });

  it('scores precision, recall and F1', () => {
    const s = score([true, true, false, false], [true, false, true, false]);
    expect(s).toMatchObject({ tp: 1, fp: 1, fn: 1, tn: 1, p: 0.5, r: 0.5, f1: 0.5 });
    expect(score([false], [false]).f1).toBe(0);
  });
});

describe('the committed model', () => {
  it('loads with a threshold, a bias and weights over general features', () => {
    const m = requestModel();
    expect(m.threshold).toBeGreaterThan(0);
    expect(m.threshold).toBeLessThan(1);
    expect(Number.isFinite(m.bias)).toBe(true);
    const names = Object.keys(m.weights);
    expect(names.length).toBeGreaterThan(500);
    expect(names.every((n) => /^(?:w|b|c|cv|s|fv|mp|pm|pv|p|shape|len):/.test(n))).toBe(true);
    expect(m.weights['w:please']).toBeGreaterThan(0);
    expect(m.meta).toMatchObject({ folds: 5 });
  });

  it('is what npm run train writes from the training data (retrain and commit after changing features or data)', () => {
    const rows = [...readLabelled(parakweetFile), ...readLabelled(ownFile)];
    const fresh = train(rows.map((r) => ({ features: requestFeatures(r.sentence), label: r.label })), defaultTrainOptions);
    const committed = requestModel();
    expect(fresh.bias).toBe(committed.bias);
    expect(fresh.weights).toEqual(committed.weights);
  });
});
