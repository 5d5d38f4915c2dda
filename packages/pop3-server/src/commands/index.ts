/** One handler per command; the table in protocol/commands.ts says when each may run and with what. */
import type { CommandHandlers } from '../protocol/dispatcher.ts';
import type { Pop3User } from '../storage.ts';
import { auth } from './auth.ts';
import { capa } from './capa.ts';
import type { CommandContext } from './context.ts';
import { dele } from './dele.ts';
import { list } from './list.ts';
import { noop } from './noop.ts';
import { pass } from './pass.ts';
import { quit } from './quit.ts';
import { retr } from './retr.ts';
import { rset } from './rset.ts';
import { stat } from './stat.ts';
import { stls } from './stls.ts';
import { top } from './top.ts';
import { uidl } from './uidl.ts';
import { user } from './user.ts';

export function createHandlers<U extends Pop3User>(): CommandHandlers<CommandContext<U>> {
  return {
    USER: user,
    PASS: pass,
    AUTH: auth,
    STLS: stls,
    CAPA: capa,
    QUIT: quit,
    STAT: stat,
    LIST: list,
    RETR: retr,
    DELE: dele,
    NOOP: noop,
    RSET: rset,
    TOP: top,
    UIDL: uidl,
  };
}

export type { CommandContext, ServerServices } from './context.ts';
