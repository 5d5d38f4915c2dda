import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/client.ts';

/** `Prisma.sql` and friends, for raw queries composed from parts. */
export { Prisma, PrismaClient };
export type Db = PrismaClient;
/** A client or an interactive transaction's client: what data functions take. */
export type DbTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface DbOptions {
  url: string;
  /** Pool size; the embedded database serves one connection at a time, so 1 there. */
  max?: number;
}

export function createDb({ url, max = 10 }: DbOptions): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}
