// Free/busy feeds served over real HTTP on 127.0.0.1: one server per test file, started before its tests
// and closed, with any connection still open (a hanging feed), after them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export function startFeedServer(handler: http.RequestListener): { url: (path: string) => string } {
  const server = http.createServer(handler);
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: (path) => base + path };
}

/** A VCALENDAR around the given content lines. */
export const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Feed//EN', ...lines, 'END:VCALENDAR'].join('\r\n');
