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
/** more of our own sentences, never trained on: a small check of how the model reads plain project mail */
export const checkFile = path.join(dataDir, 'own', 'check.tsv');

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

const examples = (rows: readonly Labelled[], dropRuleCues = false): Example[] =>
  rows.map((r) => {
    const features = requestFeatures(r.sentence);
    return { features: dropRuleCues ? features.filter((f) => !f.startsWith('cue:')) : features, label: r.label };
  });
const decide = (probabilities: readonly number[]) => probabilities.map((p) => p >= THRESHOLD);
const gold = (rows: readonly Labelled[]) => rows.map((r) => r.label);

export interface RequestRun {
  model: RequestModel;
  /** 5-fold cross-validated on the Parakweet split (our own sentences are in every training fold) */
  cv: Scores;
  /** the same, with the rule cues left out: the rules were fitted to this split, so this is the unbiased figure */
  cvWithoutRules: Scores;
  /** the final model on the data it was trained on */
  plain: Scores;
  rulesAlone: Scores;
  check: { model: Scores; rules: Scores; sentences: number };
  sentences: { parakweet: number; own: number };
}

export function requestTrainingRun(parakweet = readLabelled(parakweetFile), own = readLabelled(ownFile), check = readLabelled(checkFile)): RequestRun {
  const options = defaultTrainOptions;
  const pk = examples(parakweet);
  const ownEx = examples(own);
  const cv = score(gold(parakweet), decide(crossValidate(pk, { k: FOLDS, seed: FOLD_SEED, options, alwaysTrain: ownEx })));
  const bare = (e: Example[]) => e.map((x) => ({ ...x, features: x.features.filter((f) => !f.startsWith('cue:')) }));
  const cvWithoutRules = score(
    gold(parakweet),
    decide(crossValidate(bare(pk), { k: FOLDS, seed: FOLD_SEED, options, alwaysTrain: bare(ownEx) })),
  );
  const fitted = train([...pk, ...ownEx], options);
  const plain = score(gold(parakweet), decide(pk.map((e) => predict(fitted, e.features))));
  const rulesAlone = score(gold(parakweet), parakweet.map((r) => !intentReason(r.sentence).startsWith('no')));
  const checkEx = examples(check);
  const checkScores = {
    model: score(gold(check), decide(checkEx.map((e) => predict(fitted, e.features)))),
    rules: score(gold(check), check.map((r) => !intentReason(r.sentence).startsWith('no'))),
    sentences: check.length,
  };
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
      cvWithoutRules: round(cvWithoutRules),
      plain: round(plain),
    },
    bias: fitted.bias,
    weights: fitted.weights,
  };
  return { model, cv, cvWithoutRules, plain, rulesAlone, check: checkScores, sentences: { parakweet: parakweet.length, own: own.length } };
}

/** The figures as printed lines (train and eval print the same ones). */
export function requestLines(run: RequestRun): string[] {
  const { cv, cvWithoutRules, plain, rulesAlone, check } = run;
  return [
    `intent  plain ${formatScores(plain)} · ${FOLDS}-fold CV ${formatScores(cv)} · CV without the rule cues ${formatScores(cvWithoutRules)} · rules alone ${formatScores(rulesAlone)}` +
      `  (Parakweet train split, ${run.sentences.parakweet} sentences; +${run.sentences.own} own sentences in training)`,
    `intent  own check set (${check.sentences} sentences, never trained on): model ${formatScores(check.model)} · rules alone ${formatScores(check.rules)}`,
  ];
}
