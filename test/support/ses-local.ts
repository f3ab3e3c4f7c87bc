// A local SES endpoint for outbound tests: aws-ses-v2-local (SES v1 SendRawEmail over the AWS query
// protocol), run in-process on a free port on 127.0.0.1. Its /store lists what it accepted.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesLocalModule from 'aws-ses-v2-local';

type Start = (c?: { host?: string; port?: number }) => Promise<Server>;

export interface SesLocal {
  endpoint: string;
  emails(): Promise<{ messageId: string; from: string; subject: string; destination: { to: string[] }; body: { text?: string }; attachments: { contentType: string; content: string }[] }[]>;
  close(): Promise<void>;
}

export async function startSesLocal(): Promise<SesLocal> {
  const m = sesLocalModule as unknown as { default: Start | { default: Start } };
  const start = (typeof m.default === 'function' ? m.default : m.default.default) as Start;
  const server = await start({ host: '127.0.0.1', port: 0 });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  return {
    endpoint,
    async emails() {
      const r = (await (await fetch(`${endpoint}/store`)).json()) as { emails: never[] };
      return r.emails;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections(); // the SDK keeps sockets alive
      }),
  };
}
