// Commands about the sender rather than a task: `help`, `status` (what is open for them) and
// `unsubscribe`, which stops their reminders and digests and is itself a change, so it needs their own token.
import { DateTime } from 'luxon';
import { composeHelp, composeStatus } from '../outbound/confirmation.js';
import { addPersonEvent, insertAppliedCommand } from '../store/follow-through.js';
import type { Command } from '../understand/contract.js';
import { askedFor } from './asked-for.js';
import { authorizeFor } from './authorize.js';
import { confirm, type Ctx } from './reply-context.js';
import { answerInThread } from './reply-mail.js';

export async function personCommands(ctx: Ctx, commands: Command[]): Promise<string[]> {
  const { db } = ctx.deps;
  const { sender } = ctx;
  if (!sender) return ['command from an unknown sender ignored'];
  const notes: string[] = [];
  const to = { name: sender.display_name, address: sender.email };
  const subject = ctx.email.subject || ctx.replied?.subject || '';
  for (const c of commands) {
    if (c.action === 'help') {
      await answerInThread(ctx.deps, db, { kind: 'help_reply', key: `help:${ctx.input.inboundId}`, email: ctx.email, to, composed: composeHelp({ recipientName: sender.display_name, originalSubject: subject }), inboundId: ctx.input.inboundId, projectId: ctx.projectId, personId: sender.id, context: askedFor(ctx, 'help') });
      notes.push('help sent');
    } else if (c.action === 'status') {
      const tasks = await db
        .selectFrom('tasks')
        .innerJoin('projects', 'projects.id', 'tasks.project_id')
        .select(['tasks.id', 'tasks.title', 'tasks.status', 'tasks.due_date', 'projects.name as project_name'])
        .where('tasks.owner_id', '=', sender.id)
        .where('tasks.status', 'in', ['open', 'blocked'])
        .where('projects.status', '=', 'active') // a draft plan is not told to its owners until confirmed
        .orderBy('tasks.due_date')
        .orderBy('tasks.id')
        .limit(50)
        .execute();
      const composed = composeStatus({
        recipientName: sender.display_name,
        originalSubject: subject,
        tasks: tasks.map((t) => ({ title: t.title, projectName: t.project_name, status: t.status, due: t.due_date ? DateTime.fromISO(String(t.due_date).slice(0, 10)).toFormat('ccc d LLL') : null })),
      });
      await answerInThread(ctx.deps, db, { kind: 'status_reply', key: `status:${ctx.input.inboundId}`, email: ctx.email, to, composed, inboundId: ctx.input.inboundId, projectId: ctx.projectId, personId: sender.id, context: { items: tasks.map((t, i) => ({ n: i + 1, taskId: t.id })), ...askedFor(ctx, 'status') } });
      notes.push('status sent');
    } else if (c.action === 'unsubscribe') {
      // Stopping someone's mail is a change too: only through their own token.
      const verdict = await authorizeFor(ctx, { kind: 'own' });
      if (verdict.outcome !== 'allowed') {
        notes.push(`unsubscribe ignored: ${verdict.why}`);
        continue;
      }
      if (sender.unsubscribed_at) {
        notes.push('already unsubscribed');
        continue;
      }
      await db.updateTable('people').set({ unsubscribed_at: ctx.now, updated_at: ctx.now }).where('id', '=', sender.id).execute();
      await addPersonEvent(db, { personId: sender.id, kind: 'unsubscribed', inboundId: ctx.input.inboundId, data: { via: 'reply' } }, ctx.now);
      const appliedId = await insertAppliedCommand(db, { inboundId: ctx.input.inboundId, actorId: sender.id, projectId: ctx.projectId, action: 'unsubscribe', changes: [] }, ctx.now);
      await confirm(ctx, { changed: ['you will get no more reminders or digests from me'], unchanged: [], appliedId, tag: 'unsubscribe' });
      notes.push('unsubscribed');
    }
  }
  return notes;
}
