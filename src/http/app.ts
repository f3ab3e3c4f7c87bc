// The HTTP edge: JSON API, the captured-mail viewer, health, and the manual clock. Hono, tested through
// app.request() with no server.
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { ManualClock } from '../domain/clock.js';
import { CoordinatorError, httpStatus } from '../errors.js';
import { getInbound, listInbound } from '../store/inbound.js';
import { meetingsForProject } from '../store/meetings.js';
import { getOutbox, listOutbox } from '../store/outbox.js';
import { getProject, listProjects, projectMembers } from '../store/projects.js';
import { listTasks, taskEvents } from '../store/tasks.js';
import type { TaskStatus } from '../store/schema.js';
import type { ReceiveInput, ReceiveResult } from '../inbound/receive.js';
import { outboxListPage, outboxMessagePage, projectPage } from './pages.js';
import { adminGuard } from './admin-guard.js';
import { publicRoutes } from './public-routes.js';
import { mountPeopleRoutes } from './people-routes.js';
import { lastMail, type Setup } from '../setup.js';

export interface AppStatus {
  smtp: () => { enabled: boolean; listening: boolean; port: number | null };
  /** What the instance runs with (engine, database, doors, transport, clock), shown by /health. */
  setup?: () => Setup;
}

export type AppDeps = Deps & {
  runClock: (now: Date) => Promise<{ jobsRun: number }>;
  reprocess: (inboundId: number) => Promise<void>;
  receive: (input: ReceiveInput) => Promise<ReceiveResult>;
};

function bearerOk(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

const id = (c: Context) => {
  const n = Number(c.req.param('id'));
  // ids are 32-bit database integers: a larger number is a bad request, not a database error
  if (!Number.isInteger(n) || n <= 0 || n > 2_147_483_647) throw new CoordinatorError('INVALID_INPUT', 'id must be a positive integer below 2^31');
  return n;
};

export function createApp(deps: AppDeps, status: AppStatus): Hono {
  const app = new Hono();
  const { db } = deps;

  app.onError((err, c) => {
    if (err instanceof CoordinatorError) return c.json({ error: { code: err.code, message: err.message } }, httpStatus[err.code] as 400);
    deps.log.error({ err }, 'http error');
    return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'not found' } }, 404));

  // Routes that carry their own authentication (signed webhooks, one-click unsubscribe tokens) and are
  // reachable without the admin token.
  for (const mount of publicRoutes) mount(app, deps);

  // Everything else: the request names us, comes from no other site, and sends JSON (admin-guard.ts).
  app.use('*', adminGuard(deps.config.publicUrl));

  // Everything else but /health needs the admin token when one is configured.
  app.use('*', async (c, next) => {
    const token = deps.config.adminToken;
    if (token && c.req.path !== '/health' && !bearerOk(c.req.header('authorization'), token)) {
      throw new CoordinatorError('UNAUTHORIZED');
    }
    await next();
  });

  app.get('/health', async (c) => {
    let dbOk = true;
    try {
      await db.selectFrom('people').select('id').limit(1).execute();
    } catch {
      dbOk = false;
    }
    const smtp = status.smtp();
    const ok = dbOk && (!smtp.enabled || smtp.listening);
    // The last mail in and out: a door that stopped delivering shows here first.
    const mail = dbOk ? await lastMail(db).catch(() => null) : null;
    const setup = status.setup?.();
    return c.json(
      {
        ok,
        db: dbOk ? 'ok' : 'error',
        smtp,
        clock: { mode: deps.clock.manual ? 'manual' : 'real', now: deps.clock.now().toISOString() },
        ...(setup ? { engine: setup.engine, database: setup.database, inbound: setup.inbound, outbound: setup.outbound } : {}),
        mail: { lastReceivedAt: mail?.receivedAt ?? null, lastSentAt: mail?.sentAt ?? null },
      },
      ok ? 200 : 503,
    );
  });

  app.get('/', (c) => c.redirect('/outbox'));

  app.get('/api/projects', async (c) => c.json({ projects: await listProjects(db) }));

  app.get('/api/projects/:id', async (c) => {
    const project = await getProject(db, id(c));
    if (!project) throw new CoordinatorError('NOT_FOUND', 'no such project');
    const [members, tasks] = await Promise.all([projectMembers(db, project.id), listTasks(db, { projectId: project.id })]);
    const events = await taskEvents(db, tasks.map((t) => t.id));
    const meetings = await meetingsForProject(db, project.id);
    return c.json({
      project: { ...project, members, tasks: tasks.map((t) => ({ ...t, history: events.filter((e) => e.task_id === t.id) })), meetings },
    });
  });

  mountPeopleRoutes(app, deps); // GET/PATCH /api/people/:email: time zone, working hours, free/busy feed

  const taskQuery = z.object({
    owner: z.string().optional(),
    status: z.enum(['open', 'blocked', 'done', 'cancelled']).optional(),
    project: z.coerce.number().int().positive().optional(),
  });
  app.get('/api/tasks', async (c) => {
    const q = taskQuery.safeParse(c.req.query());
    if (!q.success) throw new CoordinatorError('INVALID_INPUT', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return c.json({ tasks: await listTasks(db, { owner: q.data.owner, status: q.data.status as TaskStatus | undefined, projectId: q.data.project }) });
  });

  const outboxJson = (r: Awaited<ReturnType<typeof listOutbox>>[number]) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    from: r.from_address,
    to: r.to,
    cc: r.cc,
    subject: r.subject,
    messageId: r.message_id,
    inReplyTo: r.in_reply_to,
    references: r.references,
    headers: r.headers,
    text: r.text,
    html: r.html,
    attempts: r.attempts,
    lastError: r.last_error,
    projectId: r.project_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  });
  app.get('/api/outbox', async (c) => c.json({ messages: (await listOutbox(db, 500)).map(outboxJson) }));
  app.get('/api/outbox/:id', async (c) => {
    const row = await getOutbox(db, id(c));
    if (!row) throw new CoordinatorError('NOT_FOUND', 'no such message');
    return c.json({ message: outboxJson(row) });
  });
  app.get('/api/outbox/:id/raw', async (c) => {
    const row = await getOutbox(db, id(c));
    if (!row) throw new CoordinatorError('NOT_FOUND', 'no such message');
    return c.body(new Uint8Array(row.raw), 200, { 'content-type': 'message/rfc822', 'content-disposition': `inline; filename="message-${row.id}.eml"` });
  });
  app.get('/outbox', async (c) => c.html(outboxListPage(await listOutbox(db, 500))));
  app.get('/outbox/:id', async (c) => {
    const row = await getOutbox(db, id(c));
    if (!row) throw new CoordinatorError('NOT_FOUND', 'no such message');
    return c.html(outboxMessagePage(row));
  });
  app.get('/projects/:id', async (c) => {
    const project = await getProject(db, id(c));
    if (!project) throw new CoordinatorError('NOT_FOUND', 'no such project');
    return c.html(projectPage(project, await projectMembers(db, project.id), await listTasks(db, { projectId: project.id })));
  });

  app.get('/api/inbound', async (c) => {
    const s = c.req.query('status');
    const statuses = ['received', 'processing', 'processed', 'ignored', 'failed'] as const;
    const st = statuses.find((x) => x === s);
    return c.json({ messages: await listInbound(db, { status: st }) });
  });
  app.get('/api/inbound/:id', async (c) => {
    const row = await getInbound(db, id(c));
    if (!row) throw new CoordinatorError('NOT_FOUND', 'no such message');
    const { raw, ...rest } = row;
    return c.json({ message: { ...rest, raw: Buffer.from(raw).toString('utf8') } });
  });
  app.post('/api/inbound/:id/reprocess', async (c) => {
    const n = id(c);
    if (!(await getInbound(db, n))) throw new CoordinatorError('NOT_FOUND', 'no such message');
    await deps.reprocess(n);
    return c.json({ ok: true, id: n }, 202);
  });

  const clockBody = z.object({ now: z.string().datetime({ offset: true }) });
  app.post('/api/admin/clock', async (c) => {
    if (!(deps.clock instanceof ManualClock)) throw new CoordinatorError('CLOCK_NOT_MANUAL', 'the clock is real; start with COORDINATOR_CLOCK=manual to move it');
    const body = clockBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) throw new CoordinatorError('INVALID_INPUT', 'body must be {"now": ISO-8601 with offset}');
    const to = new Date(body.data.now);
    const { jobsRun } = await deps.runClock(to);
    return c.json({ now: deps.clock.now().toISOString(), jobsRun });
  });
  app.get('/api/admin/clock', (c) => c.json({ mode: deps.clock.manual ? 'manual' : 'real', now: deps.clock.now().toISOString() }));

  return app;
}
