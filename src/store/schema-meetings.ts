// Table types added by the meetings feature; joined into Database in schema.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MeetingTables {}
