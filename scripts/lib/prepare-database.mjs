// node scripts/lib/prepare-database.mjs: brings DATABASE_URL's database up to
// date (creating it when allowed), and creates the first superadmin from
// KONTOR_ADMIN_EMAIL / KONTOR_ADMIN_PASSWORD (a generated password is printed
// once). The one-shot `migrate` service of docker-compose.yml runs it before
// web and maild start; it is safe to run any number of times.
import { register } from 'tsx/esm/api';

register();
const log = (line) => console.log(`[migrate] ${line}`);

async function main() {
  const { parseConfig } = await import('@kontor/core');
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    throw new Error(
      `invalid configuration: ${error.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim())
        .join('; ')}`,
    );
  }
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set (npm start migrates its embedded database by itself)');
  const db = { ...(await import('@kontor/db')), ...(await import('@kontor/db/migrate')) };
  try {
    await db.ensureDatabase(config.DATABASE_URL);
  } catch (error) {
    if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '28P01', '28000'].includes(error.code)) throw error;
    log(`could not check/create the database (${error.message}); migrating it as it is`);
  }
  const applied = await db.applyMigrations(config.DATABASE_URL, { log });
  log(applied.length ? `${applied.length} migration(s) applied` : 'database schema is up to date');
  const client = db.createDb({ url: config.DATABASE_URL, max: 1 });
  try {
    const admin = await db.ensureSuperadmin(client, { email: config.KONTOR_ADMIN_EMAIL, password: config.KONTOR_ADMIN_PASSWORD });
    if (!admin.created) log(`superadmin exists (${admin.email})`);
    else if (admin.password) {
      log(`created the first superadmin ${admin.email} with the generated password: ${admin.password}`);
      log('  ^ shown only this once: note it, and change it after signing in');
    } else log(`created the first superadmin ${admin.email} (password from KONTOR_ADMIN_PASSWORD)`);
  } finally {
    await client.$disconnect();
  }
}

main().catch((error) => {
  console.error(`[migrate] ${error.message || error}`);
  process.exit(1);
});
