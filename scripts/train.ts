// `npm run train`: trains the learned parts of the understanding engine from the labelled data in
// scripts/train-data, prints their plain and cross-validated figures, and writes the weights that are
// committed. Deterministic: seeded folds, a fixed number of full-batch steps, sorted vocabulary.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requestModelFile } from '../src/understand/learn/model.js';
import { requestLines, requestTrainingRun } from './train-requests.js';

const t0 = performance.now();
const run = requestTrainingRun();
const json = JSON.stringify(run.model, null, 1) + '\n';
fs.writeFileSync(fileURLToPath(requestModelFile), json);
for (const l of requestLines(run)) console.log(l);
console.log(
  `wrote ${fileURLToPath(requestModelFile).replace(process.cwd() + '/', '')} (${Object.keys(run.model.weights).length} weights, ${Math.round(json.length / 1024)} KiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
