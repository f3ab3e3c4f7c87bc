// The kysely database factory: embedded PGlite by default, Postgres through pg when a URL is given.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import {
  type DatabaseConnection,
  type Driver,
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { CoordinatorError } from '../errors.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** The PGlite instance (embedded mode): pg-boss talks to it through its own adapter. */
  readonly pglite?: PGlite;
  /** Connection settings pg-boss uses for its own pool (Postgres mode). */
  readonly connection?: { connectionString: string; searchPath?: string };
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/**
 * PGlite has one connection, and kysely's PGlite driver hands that same connection to every caller. Two
 * overlapping transactions — or a plain query issued while another caller's transaction is open — would
 * then run inside someone else's transaction. Serialise connection use so each caller gets the
 * connection to itself, as a pool would give it.
 */
class SerializingDriver implements Driver {
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  constructor(private readonly inner: Driver) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((r) => (release = r));
    await previous;
    this.#release = release;
    return this.inner.acquireConnection();
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.inner.releaseConnection(connection);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  beginTransaction(c: DatabaseConnection, s: TransactionSettings) {
    return this.inner.beginTransaction(c, s);
  }
  commitTransaction(c: DatabaseConnection) {
    return this.inner.commitTransaction(c);
  }
  rollbackTransaction(c: DatabaseConnection) {
    return this.inner.rollbackTransaction(c);
  }
  savepoint(...a: Parameters<NonNullable<Driver['savepoint']>>) {
    return this.inner.savepoint!(...a);
  }
  rollbackToSavepoint(...a: Parameters<NonNullable<Driver['rollbackToSavepoint']>>) {
    return this.inner.rollbackToSavepoint!(...a);
  }
  releaseSavepoint(...a: Parameters<NonNullable<Driver['releaseSavepoint']>>) {
    return this.inner.releaseSavepoint!(...a);
  }
  destroy() {
    return this.inner.destroy();
  }
}

class SerializedPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new SerializingDriver(super.createDriver());
  }
}

/**
 * Two processes on one PGlite folder silently lose committed rows, so the folder is guarded by a lock
 * file naming its owner's pid; a second owner is refused while that process lives.
 */
function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'coordinator.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new CoordinatorError('DATA_DIR_LOCKED', `data folder ${dir} is in use by process ${owner}`);
      }
      fs.rmSync(lock, { force: true }); // stale: its owner is gone
    }
  }
  throw new CoordinatorError('DATA_DIR_LOCKED', `could not lock data folder ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string; // PGlite folder's parent; omitted = in-memory PGlite
  searchPath?: string; // Postgres: a schema to use (tests isolate by schema)
  loadDataDir?: Blob; // PGlite: start from a dumped data folder (tests)
}

export async function openDatabase(opts: OpenOptions): Promise<OpenedDatabase> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.searchPath);
  const unlock = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  try {
    const pglite = await PGlite.create({
      dataDir: opts.dataDir ? path.join(opts.dataDir, 'pgdata') : undefined,
      loadDataDir: opts.loadDataDir,
      parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
    });
    const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect({ pglite }) });
    return {
      db,
      kind: 'pglite',
      pglite,
      async close() {
        await db.destroy();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

function openPostgres(connectionString: string, searchPath?: string): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    options: searchPath ? `-c search_path=${searchPath}` : undefined,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return (v: string) => v;
        if (oid === INT8_OID) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    connection: { connectionString, searchPath },
    async close() {
      await db.destroy();
    },
  };
}

export { pgliteTypes };
