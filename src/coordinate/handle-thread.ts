// A human thread that copies the assistant (follow-through): filled in by the follow-through feature.
import type { InboundHandler } from './inbound-handlers.js';

export const handleThread: InboundHandler = async (_deps, input) => ({ projectId: input.thread?.projectId ?? null });
