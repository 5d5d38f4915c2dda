/** Look-ups the command groups share: a domain by name, an address split at its @. */
import * as addresses from '@kontor/core/address';
import type { Context } from '../context.ts';
import { core, data } from '../deps.ts';
import { CliError } from '../errors.ts';

/** The domain row; `adding` makes the not-found line say how to add the domain first. */
export async function findDomain(ctx: Context, name: string, options: { adding?: boolean } = {}) {
  const [{ NotFoundError, ValidationError, parseDomainName }, { CLI_ACTOR, getDomain }] = await Promise.all([core(), data()]);
  const parsed = parseDomainName(name);
  if (!parsed.ok) throw new ValidationError({ name: parsed.error });
  try {
    return await getDomain(await ctx.db(), CLI_ACTOR, parsed.value.ascii);
  } catch (error) {
    if (error instanceof NotFoundError && options.adding) {
      throw new CliError(`No domain ${parsed.value.unicode}; add it first with: kontor domain add ${parsed.value.unicode}`);
    }
    throw error;
  }
}

/** `local@domain` → its parts; the local part is checked by the data function. */
export function splitAddress(input: string, label: string): { localPart: string; domainName: string } {
  const text = input.trim();
  const parts = addresses.splitAddress(text);
  if (!parts) throw new CliError(`invalid ${label}: "${text}" is not a full address, for example info@example.com`);
  return { localPart: parts.local, domainName: parts.domain };
}
