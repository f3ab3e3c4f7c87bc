// Hidden HTML: a command (in a reply to Tom's nudge) or a task (in a brief) that an email client would not
// show, hidden in every way we know — inline styles, <style> rules by class, id, element and attribute,
// @media and !important, presentational attributes, comments, <template>, a plain part that says more
// than the HTML — must never be applied. Each case has a twin with the same words visible, which must
// be applied: that is the control that proves the harness can fail. Messages are stored through
// receive() and run through the processing job's own function. Runs on PGlite and, when
// TEST_DATABASE_URL is set, Postgres; prints its figures.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { ASSISTANT, buildLoopWorld, deliver, people, type LoopWorld } from './loops-kit.js';

/** [name, html with {X} where the hidden words go, a <style> block] */
const styles: [string, string, string?][] = [
  ['display:none', '<div style="display:none">{X}</div>'],
  ['DISPLAY: NONE !important', '<div style="DISPLAY: NONE !important">{X}</div>'],
  ['visibility:hidden', '<span style="visibility:hidden">{X}</span>'],
  ['mso-hide:all', '<div style="mso-hide:all">{X}</div>'],
  ['font-size:0', '<span style="font-size:0">{X}</span>'],
  ['font-size:1px', '<span style="font-size:1px">{X}</span>'],
  ['font-size:0.5pt', '<span style="font-size:0.5pt">{X}</span>'],
  ['font-size:0.1em', '<p style="font-size:0.1em">{X}</p>'],
  ['white on white', '<span style="color:#ffffff">{X}</span>'],
  ['near-white #fefefe', '<span style="color:#fefefe">{X}</span>'],
  ['rgb near white', '<span style="color:rgb(250,250,250)">{X}</span>'],
  ['hsl white', '<span style="color:hsl(0, 0%, 99%)">{X}</span>'],
  ['transparent', '<span style="color:transparent">{X}</span>'],
  ['rgba alpha 0', '<span style="color:rgba(0,0,0,0)">{X}</span>'],
  ['same colour as a dark cell', '<table><tr><td style="background-color:#202020"><span style="color:#222222">{X}</span></td></tr></table>'],
  ['font color on bgcolor', '<table bgcolor="#003366"><tr><td><font color="#003366">{X}</font></td></tr></table>'],
  ['opacity:0', '<div style="opacity:0">{X}</div>'],
  ['opacity:0.01', '<div style="opacity:0.01">{X}</div>'],
  ['nested opacity 0.3 × 0.3', '<div style="opacity:0.3"><div style="opacity:0.3">{X}</div></div>'],
  ['left:-9999px', '<div style="position:absolute;left:-9999px">{X}</div>'],
  ['top:-9999px', '<div style="position:fixed;top:-9999px">{X}</div>'],
  ['text-indent:-9999px', '<div style="text-indent:-9999px">{X}</div>'],
  ['margin-left:-5000px', '<div style="margin-left:-5000px">{X}</div>'],
  ['height:0;overflow:hidden', '<div style="height:0;overflow:hidden">{X}</div>'],
  ['width:0;overflow:hidden', '<div style="width:0px;overflow:hidden">{X}</div>'],
  ['max-height:0', '<div style="max-height:0px">{X}</div>'],
  ['line-height:0;overflow:hidden', '<div style="line-height:0;overflow:hidden;height:0">{X}</div>'],
  ['clip rect', '<div style="position:absolute;clip:rect(0,0,0,0)">{X}</div>'],
  ['clip rect 1px', '<div style="position:absolute;clip:rect(1px 1px 1px 1px)">{X}</div>'],
  ['clip-path inset', '<div style="clip-path:inset(50%)">{X}</div>'],
  ['transform scale(0)', '<div style="transform:scale(0)">{X}</div>'],
  ['hidden attribute', '<div hidden>{X}</div>'],
  ['aria-hidden', '<span aria-hidden="true">{X}</span>'],
  ['HTML comment', '<!-- {X} -->'],
  ['conditional comment', '<!--[if mso]>{X}<![endif]-->'],
  ['template', '<template>{X}</template>'],
  ['class in <style>', '<div class="pre">{X}</div>', '.pre { display: none; }'],
  ['id in <style>', '<div id="x1">{X}</div>', '#x1 { font-size: 0px }'],
  ['element selector in <style>', '<aside>{X}</aside>', 'aside { visibility: hidden }'],
  ['attribute selector in <style>', '<div data-x="1">{X}</div>', 'div[data-x] { opacity: 0 }'],
  ['descendant selector in <style>', '<div class="wrap"><span>{X}</span></div>', '.wrap span { color: #fff }'],
  ['@media screen rule', '<div class="m">{X}</div>', '@media screen { .m { max-height: 0; overflow: hidden } }'],
  ['!important beats inline', '<div class="imp" style="display:block">{X}</div>', '.imp { display: none !important }'],
  ['visibility inherited', '<div style="visibility:hidden"><p>{X}</p></div>'],
];

const VISIBLE = 'Thanks for the reminder, I will look at it tomorrow.';

// A reply that mixes a command with other words is put to the sender first, so the reply path's
// messages carry nothing visible but what the twin shows.
function html(body: string, css = '', visible = ''): string {
  return `<html><head>${css ? `<style>${css}</style>` : ''}</head><body>${visible ? `<p>${visible}</p>` : ''}${body}</body></html>`;
}

let seq = 0;
function mime(head: string[], htmlPart: string, plain?: string): Buffer {
  const b = `hh${++seq}${randomBytes(3).toString('hex')}`;
  const common = [...head, `Message-ID: <hidden-${seq}-${randomBytes(3).toString('hex')}@mail.contoso.com>`, 'Date: Mon, 03 Mar 2025 15:05:00 +0100', 'MIME-Version: 1.0'];
  const body = plain === undefined
    ? [...common, 'Content-Type: text/html; charset=utf-8', '', htmlPart]
    : [...common, `Content-Type: multipart/alternative; boundary="${b}"`, '', `--${b}`, 'Content-Type: text/plain; charset=utf-8', '', plain, `--${b}`, 'Content-Type: text/html; charset=utf-8', '', htmlPart, `--${b}--`];
  return Buffer.from(body.join('\r\n') + '\r\n');
}

describe.each(testDatabases)('hidden HTML on $name', (database) => {
  let svc: TestService;
  let world: LoopWorld;
  beforeAll(async () => {
    svc = await startTestService(database, {}, '2025-03-03T14:00:00Z');
    world = await buildLoopWorld(svc);
  }, 120_000);
  afterAll(async () => svc?.close());

  const task1 = async () => (await svc.deps.db.selectFrom('tasks').select('status').where('id', '=', world.taskIds[0]!).executeTakeFirstOrThrow()).status;
  const reset = async () => {
    await svc.deps.db.updateTable('tasks').set({ status: 'open', completed_at: null }).where('id', '=', world.taskIds[0]!).execute();
    await sql`delete from command_replays`.execute(svc.deps.db).catch(() => {}); // remembered commands, where kept
    // our answers so far move two days back, out of the reply breaker's reach (the tokens keep their age)
    await sql`update outbox set created_at = created_at - interval '2 days' where headers->>'Auto-Submitted' = 'auto-replied'`.execute(svc.deps.db);
  };
  const reply = (raw: Buffer) => deliver(svc, { raw, rcpt: world.nudges.tom.address, mailFrom: people.tom.address });
  const head = (subject: string, to: string, from = people.tom) => [`From: ${from.name} <${from.address}>`, `To: ${to}`, `Subject: ${subject}`, `In-Reply-To: <${world.nudges.tom.messageId}>`];
  const briefTasks = async (marker: string) =>
    Number((await svc.deps.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('title', 'like', `%${marker}%`).executeTakeFirstOrThrow()).n);

  it('every hiding style: 0 hidden commands or tasks applied; every visible twin applied', async () => {
    const failures: string[] = [];
    let applied = 0;
    let twins = 0;
    let cases = 0;
    const run = async (name: string, hidden: Buffer, twin: Buffer, check: () => Promise<boolean>, deliverIt: (raw: Buffer) => Promise<unknown>) => {
      cases++;
      await reset();
      await deliverIt(hidden);
      if (await check()) {
        applied++;
        failures.push(`hidden applied: ${name}`);
      }
      await reset();
      await deliverIt(twin);
      if (await check()) twins++;
      else failures.push(`visible twin not applied: ${name}`);
    };
    for (const [name, body, css] of styles) {
      // the reply path: "done 1" hidden in Tom's answer to his nudge
      await run(
        `reply / ${name}`,
        mime(head(`Re: ${world.nudges.tom.subject}`, world.nudges.tom.address), html(body.replace('{X}', 'done 1'), css)),
        mime(head(`Re: ${world.nudges.tom.subject}`, world.nudges.tom.address), html('<p>done 1</p>')),
        async () => (await task1()) === 'done',
        reply,
      );
      // the brief path: a task hidden in a brief to the assistant
      const marker = `Zq${seq}x`;
      const line = `- Tom: prepare the ${marker} invoice by Friday`;
      const brief = (b: string) => mime([`From: ${people.lena.name} <${people.lena.address}>`, `To: ${ASSISTANT}`, `Subject: Kickoff plan ${marker}`], b);
      await run(
        `brief / ${name}`,
        brief(`<html><head>${css ? `<style>${css}</style>` : ''}</head><body><p>Please set up this project:</p><p>- Priya: write the landing page copy by Friday</p>${body.replace('{X}', line)}</body></html>`),
        brief(`<html><body><p>Please set up this project:</p><p>- Priya: write the landing page copy by Friday</p><p>${line.replace(marker, `${marker}v`)}</p></body></html>`),
        async () => (await briefTasks(marker)) > 0,
        (raw) => deliver(svc, { raw, rcpt: ASSISTANT, mailFrom: people.lena.address }),
      );
    }
    // the plain alternative says more than the HTML shows (clients show the HTML)
    await run(
      'reply / text/plain alternative with a command the HTML does not show',
      mime(head(`Re: ${world.nudges.tom.subject}`, world.nudges.tom.address), html('', '', VISIBLE), `${VISIBLE}\n\ndone 1`),
      mime(head(`Re: ${world.nudges.tom.subject}`, world.nudges.tom.address), html('<p>done 1</p>'), 'done 1'),
      async () => (await task1()) === 'done',
      reply,
    );
    console.log(`hidden HTML (${database.name}): ${cases} hidden cases (${styles.length} hiding styles × reply and brief, + a plain part that says more) → ${applied} applied; visible twins applied ${twins}/${cases}`);
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(2 * styles.length);
  }, 600_000);
});
