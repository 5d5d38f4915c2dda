// npm run db:diff -- NAME: writes prisma/migrations/<timestamp>_NAME/migration.sql
// with the SQL that takes a database from the checked-in migrations to
// prisma/schema.prisma. Uses Prisma's schema engine compiled to WebAssembly,
// so no native engine download is needed (docs/decisions/0001-prisma-offline.md).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { applyMigrations, ensureDatabase, MIGRATIONS_DIR, readMigrations } from '../src/migrate.ts';
import { loadSchemaEngine } from '../src/schema-engine.ts';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:diff -- NAME');
  process.exit(1);
}
const base = process.env.DIFF_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const scratchName = `kontor_diff_${process.pid}`;
const scratchUrl = new URL(base);
scratchUrl.pathname = `/${scratchName}`;

/**
 * The engine's introspection selects catalog columns of Postgres's internal
 * `"char"` type (OID 18), which the pg adapter refuses; reported as text they
 * read the same.
 */
function introspectablePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 1 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;
  (pool as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return pool;
}

await ensureDatabase(scratchUrl.toString());
try {
  // Bring a scratch database to the state the migrations describe, then ask
  // the engine for the difference to the schema file.
  await applyMigrations(scratchUrl.toString());
  const { SchemaEngine } = await loadSchemaEngine();
  const schemaPath = path.resolve(MIGRATIONS_DIR, '../schema.prisma');
  const datamodel = readFileSync(schemaPath, 'utf8');
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(introspectablePool(scratchUrl.toString())));
  const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', datamodel]] }, () => {}, adapter);
  const filters = { externalTables: [], externalEnums: [] };
  const hasMigrations = readMigrations().length > 0;
  const from = hasMigrations
    ? {
        tag: 'schemaDatamodel' as const,
        files: (
          await engine.introspect({
            schema: { files: [{ path: 'schema.prisma', content: datamodel }] },
            baseDirectoryPath: path.dirname(schemaPath),
            force: true,
            compositeTypeDepth: 0,
            namespaces: null,
          })
        ).schema.files,
      }
    : { tag: 'empty' as const };
  const result = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: datamodel }] },
    script: true,
    exitCode: null,
    filters,
  });
  const sql = (result.stdout ?? '').trim();
  if (!sql || sql === '-- This is an empty migration.') {
    console.log('schema.prisma matches the migrations; nothing to write');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
  await admin.end();
}
