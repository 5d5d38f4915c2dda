/**
 * Where a webmail page's time goes on maild's side: the IMAP commands the
 * web app sends for its pages (lib/webmail/folders.ts, message-list.ts,
 * imap-commands.ts, search.ts), sent as they are on a raw TLS session that
 * only counts bytes, each timed to its tagged OK together with the CPU
 * maild spent on it. A page's time is these plus the web app's own work.
 */
import tls from 'node:tls';
import { cpuMs } from './webmail-measure.ts';

export interface CommandFigure {
  what: string;
  command: string;
  ms: number;
  maildCpuMs: number;
  bytes: number;
  status: string;
}

/** What the pages send, in their words; `uid` is a message to open, `exists` the INBOX's count. */
function commandsFor(exists: number, uid: number): Array<[what: string, command: string]> {
  const word = (w: string) => `OR FROM "${w}" OR TO "${w}" OR SUBJECT "${w}" BODY "${w}"`;
  return [
    ['folder tree: LIST-STATUS', 'LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN))'],
    ['open INBOX: SELECT', 'SELECT INBOX'],
    ['before each list: NOOP', 'NOOP'],
    ['list, newest first: FETCH 50', `FETCH ${Math.max(1, exists - 49)}:${exists} (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE INTERNALDATE PREVIEW)`],
    ['list by date: UID SORT (REVERSE DATE)', 'UID SORT RETURN (ALL) (REVERSE DATE) UTF-8 ALL'],
    ['list by sender: UID SORT (DISPLAYFROM)', 'UID SORT RETURN (ALL) (DISPLAYFROM) UTF-8 ALL'],
    ['conversations: UID THREAD REFERENCES', 'UID THREAD REFERENCES UTF-8 ALL'],
    ['open a message: UID FETCH BODY.PEEK[]', `UID FETCH ${uid} (UID FLAGS ENVELOPE BODY.PEEK[])`],
    ['search, one word: UID SEARCH OR FROM TO SUBJECT BODY', `UID SEARCH CHARSET UTF-8 ${word('zebrafish')}`],
    ['search, subject word: the same', `UID SEARCH CHARSET UTF-8 ${word('Rechnung')}`],
    ['search, headers only (no BODY)', 'UID SEARCH CHARSET UTF-8 OR FROM "zebrafish" OR TO "zebrafish" SUBJECT "zebrafish"'],
    ['search unread: UID SEARCH UNSEEN', 'UID SEARCH UNSEEN'],
    ['search attachments: UID FETCH 1:* BODYSTRUCTURE', 'UID FETCH 1:* (UID INTERNALDATE BODYSTRUCTURE)'],
  ];
}

/** Logs in on maild's IMAPS port and times each command the pages send; maild's CPU from /proc. */
export async function timeImapCommands(options: { port: number; maildPid: number; user: string; password: string; exists: number; uid: number }) {
  const socket = tls.connect({ port: options.port, host: '127.0.0.1', rejectUnauthorized: false });
  let pending: { tag: string; resolve: (result: { bytes: number; tagged: string }) => void } | undefined;
  let tail = '';
  let bytes = 0;
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    tail = (tail + chunk.toString('latin1')).slice(-4096);
    const done = pending && new RegExp(`(^|\\r\\n)${pending.tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`).exec(tail);
    if (pending && done) {
      const { resolve } = pending;
      pending = undefined;
      resolve({ bytes, tagged: done[0].trim() });
    }
  });
  await new Promise((resolve) => socket.once('data', resolve)); // greeting
  let counter = 0;
  const send = (text: string) => {
    const tag = `w${++counter}`;
    bytes = 0;
    tail = '';
    const answer = new Promise<{ bytes: number; tagged: string }>((resolve) => (pending = { tag, resolve }));
    socket.write(`${tag} ${text}\r\n`);
    return answer;
  };
  const figures: CommandFigure[] = [];
  try {
    await send(`LOGIN "${options.user}" "${options.password}"`);
    await send('ENABLE CONDSTORE UTF8=ACCEPT');
    for (const [what, command] of commandsFor(options.exists, options.uid)) {
      const cpuBefore = cpuMs(options.maildPid);
      const started = performance.now();
      const answer = await send(command);
      figures.push({
        what,
        command,
        ms: performance.now() - started,
        maildCpuMs: cpuMs(options.maildPid) - cpuBefore,
        bytes: answer.bytes,
        status: answer.tagged.split(' ')[1] ?? '?',
      });
    }
    await send('LOGOUT');
  } finally {
    socket.destroy();
  }
  return figures;
}

export function printImapFigures(figures: CommandFigure[]): void {
  console.log('  the IMAP commands behind the pages, straight to maild (one run each, after the pages warmed it):');
  console.log(`  ${'what'.padEnd(54)} ${'ms'.padStart(7)} ${'maild CPU'.padStart(10)} ${'answer'.padStart(9)}`);
  for (const figure of figures) {
    console.log(
      `  ${figure.what.padEnd(54)} ${figure.ms.toFixed(0).padStart(7)} ${`${figure.maildCpuMs.toFixed(0)} ms`.padStart(10)} ${`${(figure.bytes / 1024).toFixed(0)} KB`.padStart(9)}${figure.status === 'OK' ? '' : `  ${figure.status}`}`,
    );
  }
}
