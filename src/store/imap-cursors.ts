// Where each IMAP mailbox got to: (UIDVALIDITY, highest UID taken). RFC 3501 §2.3.1.1: when UIDVALIDITY
// changes, every UID we remember is meaningless and the mailbox is read again from the start (the
// processed flag and receive()'s dedupe keep that from taking a message twice).
import { sql } from 'kysely';
import type { Db } from './db.js';

export async function getImapCursor(db: Db, mailbox: string): Promise<{ uidValidity: string; lastUid: number } | undefined> {
  const row = await db.selectFrom('imap_cursors').selectAll().where('mailbox', '=', mailbox).executeTakeFirst();
  return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) } : undefined;
}

/** Moves the cursor forward only (a late writer never moves it back). */
export async function advanceImapCursor(db: Db, mailbox: string, uidValidity: string, uid: number, now: Date): Promise<void> {
  await db
    .insertInto('imap_cursors')
    .values({ mailbox, uid_validity: uidValidity, last_uid: uid, updated_at: now })
    .onConflict((oc) =>
      oc.column('mailbox').doUpdateSet({
        uid_validity: uidValidity,
        last_uid: sql<number>`case when imap_cursors.uid_validity = ${uidValidity} then greatest(imap_cursors.last_uid, ${uid}) else ${uid} end`,
        updated_at: now,
      }),
    )
    .execute();
}
