// Table types added by the digest feature; joined into Database in schema.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DigestTables {}
