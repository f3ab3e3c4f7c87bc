// RSVP reading on real client samples from the public corpus (unchanged bytes) and on replies we wrote in
// the shape Outlook and Google Calendar send: the email parser finds the
// calendar part (inline text/calendar or an .ics attachment inside multipart/mixed), classifies the
// message as a calendar reply, and parseItipReply reads UID, SEQUENCE, DTSTAMP and each answer.
import { describe, expect, it } from 'vitest';
import { parseItipReply } from '../../src/domain/itip-reply.js';
import { parseEmail } from '../../src/parse/index.js';
import { corpus, mail } from '../support/fixtures.js';
const limits = { maxBytes: 25 * 1024 * 1024, maxDepth: 20 };

async function readReply(raw: Buffer) {
  const email = await parseEmail(raw, limits);
  expect(email.calendar?.ics, 'calendar part found').toBeTruthy();
  return { email, reply: parseItipReply(email.calendar!.ics) };
}

describe('iTIP REPLY samples from real clients', () => {
  it('Outlook / Exchange 2010 accept (base64 text/calendar, Windows TZID)', async () => {
    const { email, reply } = await readReply(mail('calendar-accept-outlook'));
    expect(email.automated?.kind).toBe('calendar_reply');
    expect(reply).toMatchObject({ method: 'REPLY', uid: 'coord-mtg-budget-review-20250219@contoso.com', sequence: 0, organizer: 'coordinator@contoso.com' });
    expect(reply.dtstamp?.toISOString()).toBe('2025-02-13T18:02:00.000Z');
    expect(reply.attendees).toEqual([{ email: 'sam.patel@contoso.com', partstat: 'ACCEPTED', comment: null }]);
  });

  it('Outlook tentative with a COMMENT', async () => {
    const { reply } = await readReply(mail('calendar-tentative-outlook'));
    expect(reply.attendees).toEqual([{ email: 'nadia.brooks@fabrikam.com', partstat: 'TENTATIVE', comment: null }]);
    expect(reply.comment).toMatch(/^Another meeting may run over/);
  });

  it('Exchange decline as a bare .ics (icalevents response.ics) and one listing a second attendee', () => {
    const one = parseItipReply(corpus('jazzband-icalevents/test_data/response.ics').toString('utf8'));
    expect(one).toMatchObject({ method: 'REPLY', uid: 'ecc5e718-08eb-4247-a871-d7e09a3ffbbc@localhost', sequence: 1 });
    expect(one.attendees).toEqual([{ email: 'calendar@gmail.com', partstat: 'DECLINED', comment: null }]);
    const two = parseItipReply(corpus('jazzband-icalevents/test_data/multi_attendee_response.ics').toString('utf8'));
    expect(two.attendees.map((a) => [a.email, a.partstat])).toEqual([
      ['calendar@gmail.com', 'DECLINED'],
      ['calendar@microsoft.com', null],
    ]);
  });

  it('Google Calendar decline (multipart/mixed, folded ATTENDEE with X-RESPONSE-COMMENT, invite.ics attachment)', async () => {
    const { email, reply } = await readReply(mail('calendar-decline-google'));
    expect(email.automated?.kind).toBe('calendar_reply');
    expect(reply).toMatchObject({ method: 'REPLY', uid: 'coord-mtg-warehouse-kickoff-20250304@contoso.com', sequence: 0 });
    expect(reply.attendees).toEqual([{ email: 'marco.silva@fabrikam.com', partstat: 'DECLINED', comment: 'Out at the supplier site all day - Priya can speak for logistics.' }]);
  });

  it('Thunderbird (Mozilla Calendar via OBM) accept: single-part text/calendar, UID folded over two lines', async () => {
    const { email, reply } = await readReply(corpus('apache-james-project/server/mailet/integration-testing/src/main/resources/eml/calendar.eml'));
    expect(email.automated?.kind).toBe('calendar_reply');
    expect(reply.uid).toBe('f1514f44bf39311568d6407249cb76c48103fcd1fb398c3c501cb72b2d293f36e04b2aab16e43439a608f28671ab7c10e754cbc85ddee4a07fa8cf8f4f7af05bfb502b8f6');
    expect(reply.sequence).toBe(2);
    expect(reply.attendees).toEqual([{ email: 'user1to@linagora.com', partstat: 'ACCEPTED', comment: null }]);
  });

  it('a REPLY whose VEVENT names no attendee (James alternative.cal.eml) yields no answer', async () => {
    const { reply } = await readReply(corpus('apache-james-project/server/protocols/jmap-rfc-8621-integration-tests/jmap-rfc-8621-integration-tests-common/src/main/resources/eml/alternative.cal.eml'));
    expect(reply.method).toBe('REPLY');
    expect(reply.attendees).toEqual([]);
  });

  it('Apple Calendar: PARTSTAT=TENTATIVE with an EMAIL parameter is read, but a PUBLISH is not a REPLY', () => {
    const r = parseItipReply(corpus('jens-maus-node-ical/fixtures/tentative-apple-calendar.ics').toString('utf8'));
    expect(r.method).toBe('PUBLISH');
    expect(r.attendees).toEqual([{ email: 'tentative@example.com', partstat: 'TENTATIVE', comment: null }]);
  });

  it('Yahoo Calendar sends REQUESTs (ROLE=REQ_PARTICIPANT): not classified as an RSVP', async () => {
    const email = await parseEmail(corpus('apache-james-project/server/mailet/integration-testing/src/main/resources/eml/yahooInvitation.eml'), limits);
    expect(email.calendar?.method).toBe('REQUEST');
    expect(email.automated?.kind).not.toBe('calendar_reply');
    const r = parseItipReply(email.calendar!.ics);
    expect(r.method).toBe('REQUEST');
    expect(r.attendees.map((a) => a.partstat)).toEqual(['NEEDS-ACTION', 'NEEDS-ACTION', 'NEEDS-ACTION', 'NEEDS-ACTION']);
  });

  it('rejects text that is not iCalendar', () => {
    expect(() => parseItipReply('hello')).toThrow(/iCalendar/);
    expect(() => parseItipReply('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')).toThrow(/no VEVENT/);
  });
});
