// Delivery over SMTP with nodemailer (pooled). The bytes are ours (composed in outbound/), so `raw` is
// safe here; file and URL access stay disabled all the same (OUT-8).
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { DeliveryError, type Transport } from './transport.js';

export function smtpTransport(url: string, opts: { pool?: boolean } = {}): Transport {
  // Options from the URL; pooling and the OUT-8 flags from here.
  const transporter = nodemailer.createTransport({
    url,
    pool: opts.pool ?? true,
    disableFileAccess: true,
    disableUrlAccess: true,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    name: 'smtp',
    async send(raw, envelope, messageId) {
      try {
        const info = await transporter.sendMail({ envelope, raw, disableFileAccess: true, disableUrlAccess: true } as SendMailOptions);
        return { providerMessageId: messageId, response: String(info.response ?? '') };
      } catch (err) {
        const e = err as { responseCode?: number; message?: string };
        const code = e.responseCode;
        throw new DeliveryError(e.message ?? String(err), code !== undefined && code >= 500 && code < 600, code);
      }
    },
    async close() {
      transporter.close();
    },
  };
}
