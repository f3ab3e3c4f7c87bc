// The default transport: nothing leaves the machine. The outbox row already holds the exact bytes, so
// "capturing" is recording that delivery happened; /api/outbox and /outbox show the messages.
import type { Transport } from './transport.js';

export function captureTransport(): Transport {
  return {
    name: 'capture',
    async send(_raw, _envelope, messageId) {
      return { providerMessageId: messageId, response: 'captured locally' };
    },
    async close() {},
  };
}
