// The reply-token signing keys (db/migrations/0009): one per database, so every instance on it signs and
// verifies alike. Rotation keeps the old key verifying for a grace period.
import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export interface SigningSecrets {
  /** Signs new tokens. */
  current: string;
  /** Still verify (rotated out, or imported from an old data folder), until their expiry. */
  older: string[];
}

export async function loadSigningSecrets(db: Db, now: Date): Promise<SigningSecrets> {
  const rows = await db
    .selectFrom('signing_secrets')
    .select(['secret', 'expires_at'])
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('id', 'desc')
    .execute();
  const current = rows.find((r) => r.expires_at === null);
  if (!current) throw new Error('no signing secret in the database: run `coordinator migrate`');
  return { current: current.secret, older: rows.filter((r) => r !== current).map((r) => r.secret) };
}

/**
 * A key file from a data folder (how keys were kept before they moved into the database). The first
 * instance to start after the upgrade makes its key the database's, replacing the one the migration
 * generated, so its tokens already in people's mailboxes keep working. A second instance with a
 * different file adds its key as an older one for `graceDays`, so its tokens verify for that long too.
 */
export async function importDataDirSecret(db: Db, secret: string, now: Date, graceDays: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const known = await trx.selectFrom('signing_secrets').select('id').where('secret', '=', secret).executeTakeFirst();
    if (known) return;
    // Only while nothing has been signed with the generated key: otherwise the tokens already sent matter more.
    const signed = await trx.selectFrom('outbox').select('id').where('reply_token', 'is not', null).limit(1).executeTakeFirst();
    const replaced = signed
      ? { numUpdatedRows: 0n }
      : await trx
          .updateTable('signing_secrets')
          .set({ secret, source: 'data-dir' })
          .where('source', '=', 'generated')
          .where('expires_at', 'is', null)
          .executeTakeFirst();
    if (Number(replaced.numUpdatedRows) > 0) return;
    await trx.insertInto('signing_secrets').values({ secret, source: 'data-dir', expires_at: new Date(now.getTime() + graceDays * 86_400_000) }).execute();
  });
}

/** A new key signs from now on; the current one keeps verifying for `graceDays`. Returns the expiry. */
export async function rotateSigningSecret(db: Db, now: Date, graceDays: number): Promise<Date> {
  const until = new Date(now.getTime() + graceDays * 86_400_000);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('signing_secrets').set({ expires_at: until }).where('expires_at', 'is', null).execute();
    await trx.insertInto('signing_secrets').values({ secret: randomBytes(32).toString('hex'), source: 'rotated' }).execute();
  });
  return until;
}
