/**
 * RFC 8601 §5: a border MTA removes (or renames) Authentication-Results
 * fields that claim its own authserv-id before it adds its own, or readers
 * would believe a forger's `dkim=pass`. Results of other servers (another
 * authserv-id) are left alone. Received-SPF (RFC 7208 §9.1) carries no
 * authserv-id, and one that arrives with the message was never written by
 * us, yet readers take the topmost as ours: every incoming one goes.
 */
export function removeForgedAuthHeaders(header: string, authservId: string): { header: string; removed: number } {
  const ours = authservId.toLowerCase().replace(/\.$/, '');
  const kept: string[] = [];
  let removed = 0;
  for (const field of headerFields(header)) {
    const colon = field.indexOf(':');
    const name = colon > 0 ? field.slice(0, colon).trim().toLowerCase() : '';
    const value = field.slice(colon + 1);
    if (name === 'received-spf' || (name === 'authentication-results' && authservIdOf(value) === ours)) removed++;
    else kept.push(field);
  }
  return { header: kept.join(''), removed };
}

/** Fields with their continuation lines and CRLFs, in order (what is not a field stays as it is). */
function headerFields(header: string): string[] {
  const fields: string[] = [];
  for (const line of header.split(/(?<=\r\n)/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && fields.length) fields[fields.length - 1] += line;
    else fields.push(line);
  }
  return fields;
}

/** The authserv-id of an Authentication-Results value (RFC 8601 §2.2): the first token after CFWS, lower-cased. */
function authservIdOf(value: string): string {
  let text = value.replace(/\r\n[ \t]/g, ' ');
  // Comments may nest (RFC 5322 §3.2.2); drop them innermost first.
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  }
  const token = /^\s*("(?:[^"\\]|\\.)*"|[^\s;]+)/.exec(text)?.[1] ?? '';
  return token.replace(/^"|"$/g, '').toLowerCase().replace(/\.$/, '');
}
