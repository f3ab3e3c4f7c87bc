// Replies that are about a meeting ("move the kickoff to Thursday 2pm", "cancel the kickoff"), filled in
// by the meetings feature. handleReply asks this first; null means "not about a meeting".
import type { HandlerResult, InboundHandler } from './inbound-handlers.js';

export const handleMeetingCommand: (...a: Parameters<InboundHandler>) => Promise<HandlerResult | null> = async () => null;
