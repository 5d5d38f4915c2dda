/**
 * Throw-away databases for tests: each suite gets its own, cloned from a
 * migrated template, so suites run in parallel and leave nothing behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from './client.ts';
import { applyMigrations, readMigrations } from './migrate.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const TEMPLATE_LOCK_KEY = 72_616_402;

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A migrated template named after the migrations it holds; made once per migration set. */
async function ensureTemplate(): Promise<string> {
  const digest = createHash('sha256');
  for (const m of readMigrations()) digest.update(m.name).update(m.checksum);
  const name = `kontor_template_${digest.digest('hex').slice(0, 12)}`;
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name]);
      if (rowCount) return;
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      await client.query(`CREATE DATABASE "${name}"`);
      await applyMigrations(urlFor(name));
      await client.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database; call drop() in the suite's after(). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `kontor_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (options.empty) {
    await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  } else {
    const template = await ensureTemplate();
    await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  }
  const url = urlFor(name);
  const db = createDb({ url, max: 5 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
