// The request/commitment classifier's training run, shared by `npm run train` (which writes the model)
// and `npm run eval` (which prints the same cross-validated figures without writing anything).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { intentReason, requestFeatures } from '../src/understand/intent.js';
import { crossValidate, formatScores, score, type Scores } from '../src/understand/learn/cross-validate.js';
import { defaultTrainOptions, type Example, predict, train } from '../src/understand/learn/logreg.js';
import type { RequestModel } from '../src/understand/learn/model.js';

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'train-data');
export const parakweetFile = path.join(dataDir, 'parakweet', 'Ask0729-fixed.txt');
/** sentences written and labelled for this project: trained on */
export const ownFile = path.join(dataDir, 'own', 'requests.tsv');
/** more of our own sentences, never trained on: plain project mail, and asks and promises worded indirectly */
export const checkFiles = [path.join(dataDir, 'own', 'check.tsv'), path.join(dataDir, 'own', 'check-indirect.tsv')];

export const FOLDS = 5;
export const FOLD_SEED = 1;
export const THRESHOLD = 0.5;

export interface Labelled {
  sentence: string;
  label: boolean;
}

/** `Yes|No<TAB>sentence` lines; anything else is skipped. */
export function readLabelled(file: string): Labelled[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.match(/^(Yes|No)\t(.*)$/))
    .filter((m): m is RegExpMatchArray => !!m)
    .map((m) => ({ sentence: m[2]!, label: m[1] === 'Yes' }));
}

const examples = (rows: readonly Labelled[]): Example[] => rows.map((r) => ({ features: requestFeatures(r.sentence), label: r.label }));
const rules = (rows: readonly Labelled[]) => rows.map((r) => !intentReason(r.sentence).startsWith('no'));
// for comparison only: the phrase rules' verdict as one more feature ("modal", "imperative", "no", …)
const withRuleCues = (rows: readonly Labelled[], ex: Example[]): Example[] =>
  ex.map((e, i) => {
    const r = intentReason(rows[i]!.sentence);
    return { ...e, features: [...e.features, `cue:${r.startsWith('no') ? r : r.split(':')[0]}`] };
  });
const decide = (probabilities: readonly number[]) => probabilities.map((p) => p >= THRESHOLD);
const gold = (rows: readonly Labelled[]) => rows.map((r) => r.label);

export interface RequestRun {
  model: RequestModel;
  /** 5-fold cross-validated on the Parakweet split (our own sentences are in every training fold) */
  cv: Scores;
  /** the same with the phrase rules' verdict as a feature: higher here, since the rules were fitted to this split */
  cvWithRuleCues?: Scores;
  /** the final model on the data it was trained on */
  plain: Scores;
  rulesAlone: Scores;
  checks: { name: string; sentences: number; model: Scores; rules: Scores }[];
  sentences: { parakweet: number; own: number };
}

/** `compare` adds the cross-validation with the rules' verdict as a feature (a second CV run). */
export function requestTrainingRun({ compare = true, checks = checkFiles } = {}): RequestRun {
  const parakweet = readLabelled(parakweetFile);
  const own = readLabelled(ownFile);
  const options = defaultTrainOptions;
  const pk = examples(parakweet);
  const ownEx = examples(own);
  const folds = (pkEx: Example[], extra: Example[]) =>
    score(gold(parakweet), decide(crossValidate(pkEx, { k: FOLDS, seed: FOLD_SEED, options, alwaysTrain: extra })));
  const cv = folds(pk, ownEx);
  const cvWithRuleCues = compare ? folds(withRuleCues(parakweet, pk), withRuleCues(own, ownEx)) : undefined;
  const fitted = train([...pk, ...ownEx], options);
  const plain = score(gold(parakweet), decide(pk.map((e) => predict(fitted, e.features))));
  const rulesAlone = score(gold(parakweet), rules(parakweet));
  const checkScores = checks.map((file) => {
    const rows = readLabelled(file);
    const model = score(gold(rows), decide(examples(rows).map((e) => predict(fitted, e.features))));
    return { name: path.basename(file, '.tsv'), sentences: rows.length, model, rules: score(gold(rows), rules(rows)) };
  });
  const round = (s: Scores) => ({ p: +s.p.toFixed(3), r: +s.r.toFixed(3), f1: +s.f1.toFixed(3) });
  const model: RequestModel = {
    threshold: THRESHOLD,
    meta: {
      what: 'request or commitment in one sentence (speech acts ask/commit); logistic regression, L2',
      data: ['Parakweet EmailIntentDataSet train split (Apache-2.0)', 'own labelled sentences'],
      sentences: { parakweet: parakweet.length, own: own.length },
      options,
      folds: FOLDS,
      foldSeed: FOLD_SEED,
      cv: round(cv),
      plain: round(plain),
    },
    bias: fitted.bias,
    weights: fitted.weights,
  };
  return { model, cv, cvWithRuleCues, plain, rulesAlone, checks: checkScores, sentences: { parakweet: parakweet.length, own: own.length } };
}

/** The figures as printed lines (train and eval print the same ones). */
export function requestLines(run: RequestRun): string[] {
  const { cv, cvWithRuleCues, plain, rulesAlone } = run;
  return [
    `intent  plain ${formatScores(plain)} · ${FOLDS}-fold CV ${formatScores(cv)}  (Parakweet train split, ${run.sentences.parakweet} sentences; +${run.sentences.own} own sentences in training)`,
    `intent  for comparison: the phrase rules alone ${formatScores(rulesAlone)}` +
      (cvWithRuleCues ? ` · their verdict as a feature, CV ${formatScores(cvWithRuleCues)} (the rules were fitted to this split)` : ''),
    ...run.checks.map(
      (c) => `intent  own ${c.name} (${c.sentences} sentences, never trained on): model ${formatScores(c.model)} · phrase rules ${formatScores(c.rules)}`,
    ),
  ];
}
