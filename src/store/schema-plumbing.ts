// Table types added by the plumbing feature; joined into Database in schema.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PlumbingTables {}
