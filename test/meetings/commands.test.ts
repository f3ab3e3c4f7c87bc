// Meeting commands read from a reply's new text, the time they name (in the organizer's zone, with an
// injected "now"), and the free/busy fetcher's limits against a real local HTTP server.
import { describe, expect, it } from 'vitest';
import { httpFreeBusyFetcher } from '../../src/coordinate/free-busy.js';
import { parseMeetingCommand, resolveNewStart } from '../../src/coordinate/meeting-commands.js';
import { startFeedServer } from './feed-server.js';

describe('parseMeetingCommand', () => {
  it.each([
    ['can we move the kickoff to Thursday 2pm?', 'move'],
    ['Could you reschedule the kick-off to next Tuesday at 9?', 'move'],
    ['Please push our weekly sync to Friday.', 'move'],
    ['Cancel the kickoff.', 'cancel'],
    ['Actually, the kickoff is cancelled', 'cancel'],
    ['Please remove Omar from the kickoff', 'remove'],
    ['take omar.haddad@contoso.com off the meeting', 'remove'],
  ])('%s → %s', (text, action) => {
    expect(parseMeetingCommand(text)?.action).toBe(action);
  });

  it.each([
    ['Please move task 3 to Friday'],
    ["Don't cancel the kickoff, I'll be there"],
    ['Thanks, see you at the kickoff!'],
    ['done 1'],
  ])('%s → nothing', (text) => {
    expect(parseMeetingCommand(text)).toBeNull();
  });

  it('accepts "it" only in a thread about the meeting, and the title’s own word', () => {
    expect(parseMeetingCommand('move it to Wednesday 10am')).toBeNull();
    expect(parseMeetingCommand('move it to Wednesday 10am', { itRefersToMeeting: true })?.action).toBe('move');
    expect(parseMeetingCommand('cancel the retro', { title: 'Q3 retro' })?.action).toBe('cancel');
  });

  it('reads the first lines only, so a signature or long mail below does not command', () => {
    const text = ['Thanks for the update.', '', 'Best,', 'Priya', '', 'PS', '', 'Cancel the kickoff'].join('\n');
    expect(parseMeetingCommand(text)).toBeNull();
  });
});

describe('resolveNewStart', () => {
  const now = new Date('2025-02-25T10:30:00Z'); // Tue 25 Feb, 16:00 in Kolkata
  const current = new Date('2025-03-03T10:00:00Z'); // Mon 3 Mar 15:30 in Kolkata
  const at = (s: string, zone = 'Asia/Kolkata', cur: Date | null = current) => resolveNewStart(s, now, zone, cur)?.toISOString() ?? null;

  it('a weekday alone means that day of the meeting’s week, at the time given, in the organizer’s zone', () => {
    expect(at('move the kickoff to Thursday 2pm')).toBe('2025-03-06T08:30:00.000Z');
    expect(at('move the kickoff to Thursday 2pm', 'America/New_York', new Date('2025-03-03T15:00:00Z'))).toBe('2025-03-06T19:00:00.000Z');
  });

  it('a time alone keeps the meeting’s date; a day alone keeps its time', () => {
    expect(at('push it to 17:00')).toBe('2025-03-03T11:30:00.000Z');
    expect(at('move it to Wednesday')).toBe('2025-03-05T10:00:00.000Z');
  });

  it('explicit dates and "next" are taken as written', () => {
    expect(at('move it to March 10 at 11am')).toBe('2025-03-10T05:30:00.000Z');
    expect(at('move it to next Thursday at 9')).toBe('2025-03-06T03:30:00.000Z');
  });

  it('no day and no time → nothing', () => {
    expect(at('can we move the kickoff?')).toBeNull();
  });
});

describe('httpFreeBusyFetcher', () => {
  const server = startFeedServer((req, res) => {
    if (req.url === '/ok.ics') return res.writeHead(200, { 'content-type': 'text/calendar', connection: 'close' }).end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    if (req.url === '/big.ics') return res.writeHead(200, { 'content-type': 'text/calendar', connection: 'close' }).end('X'.repeat(5000));
    res.writeHead(404, { connection: 'close' }).end();
  });

  it('reads a feed over HTTP', async () => {
    expect(await httpFreeBusyFetcher({ allowPrivate: true })(server.url('/ok.ics'))).toMatch(/^BEGIN:VCALENDAR/);
  });
  it('refuses feeds on loopback, link-local and private addresses unless allowed', async () => {
    await expect(httpFreeBusyFetcher()(server.url('/ok.ics'))).rejects.toThrow(/private address .*FREEBUSY_ALLOW_PRIVATE/);
    const lookup = async (host: string) => ({ intranet: ['10.1.2.3'], meta: ['169.254.169.254'], v6: ['fd00::1'] })[host] ?? ['93.184.216.34'];
    for (const host of ['intranet', 'meta', 'v6']) await expect(httpFreeBusyFetcher({ lookup })(`http://${host}/x.ics`)).rejects.toThrow(/private address/);
  });
  it('refuses non-HTTP schemes, error statuses and feeds over the size limit', async () => {
    const fetchFeed = httpFreeBusyFetcher({ maxBytes: 1000, allowPrivate: true });
    await expect(fetchFeed('file:///etc/passwd')).rejects.toThrow(/scheme/);
    await expect(fetchFeed(server.url('/missing.ics'))).rejects.toThrow(/404/);
    await expect(fetchFeed(server.url('/big.ics'))).rejects.toThrow(/too large/);
  });
});
