// Every job is a named payload (graphile-worker's task model): the handler loads what it needs by id.
export interface JobPayloads {
  'inbound-process': { inboundId: number };
  'outbox-send': { outboxId: number };
}
export type JobName = keyof JobPayloads;
export const queueNames = ['inbound-process', 'outbox-send'] as const satisfies readonly JobName[];
