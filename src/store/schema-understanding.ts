// Table types added by the understanding feature (LLM cache, call budget); joined into Database in schema.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface UnderstandingTables {}
