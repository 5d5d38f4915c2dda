/**
 * `--password -`: the password comes from stdin so it stays out of shell
 * history and `ps`. Piped: the first line. A terminal: a hidden prompt,
 * asked twice.
 */
import { CliError } from './errors.ts';

export async function resolvePassword(value: string): Promise<string> {
  if (value !== '-') {
    if (value === '') throw new CliError('invalid --password: Enter a password');
    return value;
  }
  if (process.stdin.isTTY) {
    const first = await promptHidden('Password: ');
    const second = await promptHidden('Again: ');
    if (first !== second) throw new CliError('the two passwords differ');
    if (first === '') throw new CliError('invalid --password: Enter a password');
    return first;
  }
  const line = (await readAll(process.stdin)).split(/\r?\n/)[0] ?? '';
  if (line === '') throw new CliError('--password -: no password on standard input');
  return line;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  stream.setEncoding('utf8');
  let text = '';
  for await (const chunk of stream) text += chunk as string;
  return text;
}

function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new CliError('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
