import { defineConfig } from 'prisma/config';

// `env()` throws when the variable is unset; generate needs no database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
