// The morning digest (issue 5): one email per person per local day with where their work stands, and for
// each project they lead, the project's state. Pure: the data comes in (coordinate/build-digest.ts loads
// it), the email comes out, with the map from the numbers shown to task ids so that a reply such as
// "done 2" can be resolved later. No DB, no queue, no clock (the instant and local date are inputs).
import { fillTemplate } from './templates/render.js';
import {
  inboundText,
  ownLink,
  textFooter,
  textSections,
  type GroupView,
  type InstructionsView,
  type LayoutView,
  metaLine,
  type MetaView,
  type RowView,
  type SectionView,
} from './templates/view.js';

export type DigestTaskStatus = 'open' | 'blocked' | 'done' | 'cancelled';

export interface DigestTask {
  id: number;
  projectId: number;
  number: number; // the task's number within its project (shown as "#3" to leads)
  title: string;
  status: DigestTaskStatus;
  blockedReason: string | null;
  dueDate: string | null; // YYYY-MM-DD
  completedAt: Date | null;
  owner: DigestOwner | null; // null: nobody owns it
}

export interface DigestOwner {
  id: number | null; // null: a bare name we have no address for
  name: string;
  /** Why mail to this owner does not arrive (hard bounce, complaint, no address), or null. */
  unreachable: string | null;
}

export interface DigestMeeting {
  title: string;
  startsAt: Date;
  /** Invitees who have not answered yet (display names). */
  awaiting: string[];
}

export interface DigestProject {
  id: number;
  name: string;
  role: 'lead' | 'requester';
  tasks: DigestTask[]; // the project's live tasks and those done since the last digest
  /** Done and total (not cancelled) over the whole project; counted from `tasks` when absent. */
  totals?: { done: number; total: number };
  /** Upcoming meetings, or null when meetings are not available to the digest. */
  meetings: DigestMeeting[] | null;
}

export interface DigestSettings {
  /** An owner with more than this many overdue tasks in a project is listed as a risk. */
  riskOverduePerOwner: number;
  /** A task this many days late (or more) is past escalation and listed as a risk. */
  escalationDays: number;
}

export interface DigestInput {
  recipient: { id: number; name: string; email: string; zone: string };
  localDate: string; // the recipient's date today, YYYY-MM-DD
  now: Date;
  deliveryHour: number; // the local hour digests are sent at, for the footer
  /** "Done since the last digest" counts completions after this instant. */
  since: Date;
  /** Start and end of the recipient's local yesterday, for "what you finished yesterday". */
  yesterday: { start: Date; end: Date };
  /** Tasks the recipient owns (open, blocked, and done ones that may have finished yesterday). */
  mine: DigestTask[];
  projectNames: ReadonlyMap<number, string>;
  /** Projects the recipient leads (or sent the brief for, when nobody leads them). */
  projects: DigestProject[];
  publicUrl: string;
  unsubscribeUrl: string | null;
  settings: DigestSettings;
}

export interface ComposedDigest {
  subject: string;
  html: string;
  text: string;
  /** The numbers shown → task ids; stored in the outbox row's context as { items }. */
  items: Record<string, number>;
  counts: { overdue: number; today: number; blocked: number; week: number; finished: number; projects: number };
}

/** Numbers the follow-through grammar reads are one or two digits (understand/replies). */
export const MAX_NUMBERED = 99;

// --- dates, without a date library on the hot path (thousands of digests a second) ------------------

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days since 1970-01-01 for a YYYY-MM-DD calendar date (no zone: a date is a date). */
const dayNumbers = new Map<string, number>();
export function dayNumber(date: string): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
    if (dayNumbers.size > 10_000) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

function shortDate(date: string): string {
  const d = new Date(dayNumber(date) * DAY_MS);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

export function longDate(date: string): string {
  const d = new Date(dayNumber(date) * DAY_MS);
  return `${WEEKDAYS_LONG[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS_LONG[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

// --- composition -------------------------------------------------------------------------------------

type Bucket = 'overdue' | 'today' | 'week' | 'later' | 'undated';

function bucketOf(t: DigestTask, today: number): Bucket {
  if (!t.dueDate) return 'undated';
  const d = dayNumber(t.dueDate);
  if (d < today) return 'overdue';
  if (d === today) return 'today';
  if (d <= today + 7) return 'week';
  return 'later';
}

const isOpen = (t: DigestTask) => t.status === 'open' || t.status === 'blocked';

class Numbering {
  readonly items: Record<string, number> = {};
  readonly #byTask = new Map<number, string>();
  #next = 1;
  for(t: DigestTask): string | null {
    if (!isOpen(t)) return null;
    const known = this.#byTask.get(t.id);
    if (known) return known;
    if (this.#next > MAX_NUMBERED) return null;
    const n = String(this.#next++);
    this.#byTask.set(t.id, n);
    this.items[n] = t.id;
    return n;
  }
  get first(): string[] {
    return Object.keys(this.items).slice(0, 3);
  }
}

function dueMeta(t: DigestTask, today: number): MetaView | null {
  if (!t.dueDate) return null;
  const late = today - dayNumber(t.dueDate);
  if (late > 0) return { text: `due ${shortDate(t.dueDate)}, ${plural(late, 'day')} late`, tone: 'late' };
  if (late === 0) return { text: 'due today', tone: '' };
  return { text: `due ${shortDate(t.dueDate)}`, tone: '' };
}

function ownerMeta(t: DigestTask): MetaView {
  if (!t.owner) return { text: 'no owner', tone: 'late' };
  const name = inboundText(t.owner.name, 80) || 'someone';
  return t.owner.unreachable ? { text: `${name} (unreachable)`, tone: 'late' } : { text: name, tone: '' };
}

function byDue(a: DigestTask, b: DigestTask): number {
  return (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.projectId - b.projectId || a.number - b.number;
}

function section(heading: string, groups: GroupView[]): SectionView | null {
  const count = groups.reduce((n, g) => n + g.rows.length, 0);
  return count ? { heading, count, groups } : null;
}

export function composeDigest(input: DigestInput): ComposedDigest {
  const { view, ...rest } = digestView(input);
  return { ...rest, html: fillTemplate('digest', view) };
}

/** Everything but the HTML: the template's view, the text part, the subject and the item map. */
export function digestView(input: DigestInput): Omit<ComposedDigest, 'html'> & { view: LayoutView & Record<string, unknown> } {
  const today = dayNumber(input.localDate);
  const numbers = new Numbering();
  const projectName = (id: number) => inboundText(input.projectNames.get(id) ?? 'Project', 120);

  // Your tasks: each open task once, in the most pressing bucket (blocked before overdue and dates).
  const overdue: DigestTask[] = [];
  const dueToday: DigestTask[] = [];
  const blocked: DigestTask[] = [];
  const week: DigestTask[] = [];
  const finished: DigestTask[] = [];
  for (const t of input.mine) {
    if (t.status === 'done') {
      if (t.completedAt && t.completedAt >= input.yesterday.start && t.completedAt < input.yesterday.end) finished.push(t);
      continue;
    }
    if (!isOpen(t)) continue;
    if (t.status === 'blocked') blocked.push(t);
    else {
      const b = bucketOf(t, today);
      if (b === 'overdue') overdue.push(t);
      else if (b === 'today') dueToday.push(t);
      else if (b === 'week') week.push(t);
    }
  }
  const grouped = (tasks: DigestTask[], row: (t: DigestTask) => RowView): GroupView[] => {
    const groups = new Map<number, GroupView>();
    for (const t of tasks.sort(byDue)) {
      let g = groups.get(t.projectId);
      if (!g) groups.set(t.projectId, (g = { title: projectName(t.projectId), rows: [] }));
      g.rows.push(row(t));
    }
    return [...groups.values()];
  };
  const myRow = (t: DigestTask): RowView => {
    const due = dueMeta(t, today);
    return {
      number: numbers.for(t),
      title: inboundText(t.title),
      ...metaLine(due ? [due] : []),
      note: t.status === 'blocked' ? inboundText(t.blockedReason, 300) || null : null,
    };
  };
  const mineSections = [
    section('Overdue', grouped(overdue, myRow)),
    section('Due today', grouped(dueToday, myRow)),
    section('Blocked', grouped(blocked, myRow)),
    section('Next 7 days', grouped(week, myRow)),
    section('Finished yesterday', grouped(finished, (t) => ({ number: null, title: inboundText(t.title), meta: '', tone: '', note: null }))),
  ].filter((s): s is SectionView => !!s);

  // Projects you lead.
  const projects = input.projects.map((p) => projectView(p, input, today, numbers)).filter((p): p is ProjectView => !!p);

  const counts = {
    overdue: overdue.length,
    today: dueToday.length,
    blocked: blocked.length,
    week: week.length,
    finished: finished.length,
    projects: projects.length,
  };
  const first = input.recipient.name ? inboundText(input.recipient.name.split(/\s+/)[0], 40) : '';
  const dateLong = longDate(input.localDate);
  const mineTotal = counts.overdue + counts.today + counts.blocked + counts.week;
  const headline = [
    counts.overdue && `${counts.overdue} overdue`,
    counts.today && `${counts.today} due today`,
    counts.blocked && `${counts.blocked} blocked`,
    counts.week && `${counts.week} coming up`,
  ].filter(Boolean) as string[];
  const projectLine = projects.length === 1 ? projects[0]!.name : projects.length > 1 ? plural(projects.length, 'project') : '';
  const subject = `Your digest for ${shortDate(input.localDate)}: ${[...headline, ...(projectLine ? [projectLine] : [])].join(', ') || 'all clear'}`;
  const intro = mineTotal
    ? `Here is where your work stands this morning${projects.length ? `, and how your ${projects.length === 1 ? 'project is' : 'projects are'} doing` : ''}.`
    : counts.finished
      ? `Nothing of yours is due this week. Nice work yesterday${projects.length ? `; here is how your ${projects.length === 1 ? 'project is' : 'projects are'} doing` : ''}.`
      : `Nothing of yours is due this week. Here is how your ${projects.length === 1 ? 'project is' : 'projects are'} doing.`;

  const view: LayoutView & Record<string, unknown> = {
    subject,
    preheader: headline.length ? headline.join(' · ') : projects.map((p) => `${p.name}: ${p.progress.done}/${p.progress.total} done`).join(' · '),
    header: { kicker: 'Coordinator · Morning digest', title: first ? `Good morning, ${first}` : 'Good morning', subtitle: dateLong },
    intro,
    counts: mineTotal
      ? [
          { value: counts.overdue, label: 'overdue', tone: counts.overdue ? 'late' : '' },
          { value: counts.today, label: 'due today', tone: '' },
          { value: counts.blocked, label: 'blocked', tone: counts.blocked ? 'late' : '' },
          { value: counts.week, label: 'next 7 days', tone: '' },
        ]
      : null,
    mine: { sections: mineSections },
    projects,
    instructions: instructions(numbers.first),
    footer: {
      reason: `You get this digest on your working days at ${input.deliveryHour}:00 in your time zone (${input.recipient.zone}) because you own or lead tasks that Coordinator tracks.`,
      unsubscribeUrl: ownLink(input.publicUrl, input.unsubscribeUrl),
      unsubscribeLabel: 'Stop sending me the daily digest',
    },
  };
  const text = digestText(view, mineSections, projects);
  return { subject, view, text, items: numbers.items, counts };
}

interface ProjectView {
  name: string;
  role: string;
  summary: string;
  progress: { done: number; total: number; percent: number; bar: string };
  sections: SectionView[];
  url: string | null;
}

function projectView(p: DigestProject, input: DigestInput, today: number, numbers: Numbering): ProjectView | null {
  const live = p.tasks.filter((t) => t.status !== 'cancelled');
  const open = live.filter(isOpen).sort(byDue);
  const doneSince = live.filter((t) => t.status === 'done' && t.completedAt && t.completedAt > input.since && t.completedAt <= input.now);
  const meetings = (p.meetings ?? []).filter((m) => m.startsAt > input.now);
  if (!open.length && !doneSince.length && !meetings.length) return null; // nothing to report for this project

  const overdue: DigestTask[] = [];
  const blocked: DigestTask[] = [];
  const week: DigestTask[] = [];
  const loose: DigestTask[] = [];
  for (const t of open) {
    const b = bucketOf(t, today);
    if (t.status === 'blocked') blocked.push(t);
    else if (b === 'overdue') overdue.push(t);
    else if (b === 'today' || b === 'week') week.push(t);
    else if (!t.owner || b === 'undated') loose.push(t);
  }
  const row = (t: DigestTask, withDue = true): RowView => {
    const meta: MetaView[] = [ownerMeta(t)];
    const due = withDue ? dueMeta(t, today) : null;
    if (due) meta.push(due);
    else if (!t.dueDate) meta.push({ text: 'no due date', tone: 'late' });
    return {
      number: numbers.for(t),
      title: inboundText(t.title),
      ...metaLine(meta),
      note: t.status === 'blocked' ? inboundText(t.blockedReason, 300) || 'no reason given' : null,
    };
  };
  const one = (rows: RowView[]): GroupView[] => (rows.length ? [{ title: null, rows }] : []);
  const sections = [
    section('Done since the last digest', one(doneSince.map((t) => ({ number: null, title: inboundText(t.title), ...metaLine([ownerMeta(t)]), note: null })))),
    section('Overdue', one(overdue.map((t) => row(t)))),
    section('Blocked', one(blocked.map((t) => row(t)))),
    section('Due this week', one(week.map((t) => row(t)))),
    section('No owner or no date', one(loose.map((t) => row(t)))),
    p.meetings === null
      ? null
      : section(
          'Meetings coming up',
          one(
            meetings.map((m) => ({
              number: null,
              title: inboundText(m.title),
              ...metaLine([
                { text: formatInstant(m.startsAt, input.recipient.zone), tone: '' },
                m.awaiting.length
                  ? { text: `no answer yet from ${m.awaiting.map((a) => inboundText(a, 60)).join(', ')}`, tone: 'late' }
                  : { text: 'everyone has answered', tone: 'ok' },
              ]),
              note: null,
            })),
          ),
        ),
    section('Risks', one(risks(open, overdue, today, input.settings, numbers))),
  ].filter((s): s is SectionView => !!s);

  const done = p.totals?.done ?? live.filter((t) => t.status === 'done').length;
  const total = p.totals?.total ?? live.length;
  const percent = total ? Math.round((done / total) * 100) : 0;
  const filled = Math.round(percent / 10);
  return {
    name: inboundText(p.name, 120),
    role: p.role === 'lead' ? 'You lead this project' : 'You asked for this project',
    summary: [plural(open.length, 'open task'), `${overdue.length} overdue`, `${blocked.length} blocked`, `${loose.length} without owner or date`].join(' · '),
    progress: { done, total, percent, bar: '#'.repeat(filled) + '-'.repeat(10 - filled) },
    sections,
    url: ownLink(input.publicUrl, `${input.publicUrl.replace(/\/$/, '')}/projects/${p.id}`),
  };
}

/** Risks computed from the data: overloaded owners, owners mail cannot reach, tasks past escalation. */
function risks(open: DigestTask[], overdue: DigestTask[], today: number, s: DigestSettings, numbers: Numbering): RowView[] {
  const out: RowView[] = [];
  const perOwner = new Map<string, { name: string; n: number }>();
  for (const t of overdue) {
    if (!t.owner) continue;
    const key = t.owner.id !== null ? `id:${t.owner.id}` : `name:${t.owner.name.toLowerCase()}`;
    const e = perOwner.get(key) ?? { name: t.owner.name, n: 0 };
    e.n++;
    perOwner.set(key, e);
  }
  for (const { name, n } of perOwner.values()) {
    if (n > s.riskOverduePerOwner) out.push({ number: null, title: `${inboundText(name, 80)} has ${n} overdue tasks`, meta: `more than ${s.riskOverduePerOwner}`, tone: 'late', note: null });
  }
  const unreachable = new Map<string, { name: string; why: string; n: number }>();
  for (const t of open) {
    if (!t.owner?.unreachable) continue;
    const key = t.owner.id !== null ? `id:${t.owner.id}` : `name:${t.owner.name.toLowerCase()}`;
    const e = unreachable.get(key) ?? { name: t.owner.name, why: t.owner.unreachable, n: 0 };
    e.n++;
    unreachable.set(key, e);
  }
  for (const { name, why, n } of unreachable.values()) {
    out.push({ number: null, title: `${inboundText(name, 80)} cannot be reached: ${inboundText(why, 120)}`, meta: `owns ${plural(n, 'open task')}`, tone: 'late', note: null });
  }
  const pastEscalation = overdue.filter((t) => today - dayNumber(t.dueDate!) >= s.escalationDays);
  if (pastEscalation.length) {
    const refs = pastEscalation.map((t) => numbers.for(t) ?? `#${t.number}`);
    out.push({
      number: null,
      title: `${plural(pastEscalation.length, 'task is', 'tasks are')} past the escalation point: ${refs.join(', ')}`,
      meta: `${s.escalationDays} or more days late`,
      tone: 'late',
      note: null,
    });
  }
  return out;
}

function instructions(numbers: string[]): InstructionsView | null {
  if (!numbers.length) return null;
  const [a, b = a, c = b] = numbers as [string, string?, string?];
  return {
    title: 'Reply to this email, one command per line:',
    lines: [
      { command: `done ${a}`, meaning: `mark task ${a} done` },
      { command: `move ${b} to Friday`, meaning: `change the due date of task ${b}` },
      { command: `snooze ${c} until Monday`, meaning: `no reminders about task ${c} until then` },
    ],
  };
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();
function formatInstant(at: Date, zone: string): string {
  let f = instantFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    instantFormats.set(zone, f);
  }
  return f.format(at).replace(',', '');
}

function digestText(view: LayoutView & Record<string, unknown>, mine: SectionView[], projects: ProjectView[]): string {
  const c = view.counts as { value: number; label: string }[] | null;
  const lines = [`${view.header.title}.`, '', `${view.header.subtitle}. ${view.intro as string}`];
  if (c) lines.push('', c.map((x) => `${x.value} ${x.label === 'next 7 days' ? 'in the next 7 days' : x.label}`).join(' · '));
  if (mine.length) lines.push('', 'YOUR TASKS', ...textSections(mine));
  for (const p of projects) {
    lines.push('', '', `${p.name.toUpperCase()} (${p.role.toLowerCase()})`, `[${p.progress.bar}] ${p.progress.done} of ${p.progress.total} done (${p.progress.percent}%)`, p.summary);
    lines.push(...textSections(p.sections));
    if (p.url) lines.push('', `Project page: ${p.url}`);
  }
  lines.push('', ...textFooter(view));
  return lines.join('\n') + '\n';
}
