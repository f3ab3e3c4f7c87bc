// The committed request/commitment model (written by `npm run train`), read from disk on first use.
import { readFileSync } from 'node:fs';
import type { Model } from './logreg.js';

export interface RequestModel extends Model {
  /** a sentence is a request or commitment when its probability reaches this */
  threshold: number;
  /** how it was trained and what the training run measured, for the eval and the curious */
  meta: Record<string, unknown>;
}

export const requestModelFile = new URL('./request-model.json', import.meta.url);

let cached: RequestModel | undefined;

export function requestModel(): RequestModel {
  cached ??= JSON.parse(readFileSync(requestModelFile, 'utf8')) as RequestModel;
  return cached;
}
