/**
 * Arguments of the connection-level commands: LOGIN, AUTHENTICATE
 * (SASL-IR, RFC 4959), ENABLE (RFC 5161), ID (RFC 2971).
 */
import type { ArgReader } from '../arguments.ts';

export interface LoginArgs {
  username: string;
  password: string;
}

export interface AuthenticateArgs {
  /** SASL mechanism, upper-cased: PLAIN, LOGIN, XOAUTH2 ... */
  mechanism: string;
  /** SASL-IR initial response, base64 as sent; `''` when the client sent `=` (empty response). */
  initialResponse?: string;
}

export interface EnableArgs {
  /** Capability names, upper-cased: CONDSTORE, QRESYNC, UTF8=ACCEPT ... */
  capabilities: string[];
}

export interface IdArgs {
  /** Field/value pairs the client sent, or null for `ID NIL`. */
  params: Array<[field: string, value: string | null]> | null;
}

export function parseLoginArgs(reader: ArgReader): LoginArgs {
  const username = reader.astring('user name');
  const password = reader.astring('password');
  reader.end();
  return { username, password };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function parseAuthenticateArgs(reader: ArgReader): AuthenticateArgs {
  const mechanism = reader.atom('SASL mechanism').toUpperCase();
  if (!/^[A-Z0-9_-]{1,20}$/.test(mechanism)) reader.fail(`Invalid SASL mechanism: ${mechanism}`);
  const args: AuthenticateArgs = { mechanism };
  if (!reader.done) {
    const response = reader.atom('initial response');
    if (response !== '=' && !BASE64.test(response)) reader.fail('Initial response is not base64');
    args.initialResponse = response === '=' ? '' : response;
  }
  reader.end();
  return args;
}

export function parseEnableArgs(reader: ArgReader): EnableArgs {
  const capabilities: string[] = [];
  while (!reader.done) capabilities.push(reader.atom('capability').toUpperCase());
  if (capabilities.length === 0) reader.fail('Missing capability names');
  return { capabilities };
}

const MAX_ID_PAIRS = 30;

export function parseIdArgs(reader: ArgReader): IdArgs {
  if (reader.peek()?.type === 'nil') {
    reader.take('ID parameters');
    reader.end();
    return { params: null };
  }
  const list = reader.list('ID parameter list');
  reader.end();
  const params: Array<[string, string | null]> = [];
  while (!list.done) {
    const field = list.string('ID field name');
    const value = list.nstring(`value of ID field ${field}`);
    params.push([field, value]);
  }
  if (params.length > MAX_ID_PAIRS) reader.fail(`Too many ID fields (at most ${MAX_ID_PAIRS})`);
  return { params };
}
