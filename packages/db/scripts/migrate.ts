// npm run db:migrate: applies prisma/migrations to DATABASE_URL.
import { applyMigrations, ensureDatabase } from '../src/migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (npm start migrates the embedded database by itself)');
  process.exit(1);
}
await ensureDatabase(url);
const applied = await applyMigrations(url, { log: console.log });
console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
