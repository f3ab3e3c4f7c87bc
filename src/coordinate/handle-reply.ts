// A reply to one of our own messages, or a command sent to the assistant (follow-through): filled in by
// the follow-through feature.
import type { InboundHandler } from './inbound-handlers.js';

export const handleReply: InboundHandler = async (_deps, input) => ({ projectId: input.thread?.projectId ?? null });
