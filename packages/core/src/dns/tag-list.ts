/**
 * `tag=value; tag=value` records (DKIM RFC 6376 §3.2, DMARC RFC 7489 §6.3,
 * MTA-STS RFC 8461 §3.1, TLS-RPT RFC 8460 §3): tags in their order, names
 * lowercased, values trimmed. Null when the text is not such a list (a
 * part without `=`, or a tag twice).
 */
export function parseTagList(text: string): Array<[string, string]> | null {
  const tags: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 1) return null;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z][a-z0-9_]*$/.test(name) || seen.has(name)) return null;
    seen.add(name);
    tags.push([name, part.slice(eq + 1).trim()]);
  }
  return tags;
}

/** The tags as a map (for records known to parse). */
export function tagMap(text: string): Map<string, string> {
  return new Map(parseTagList(text) ?? []);
}

/** `mailto:` addresses of a rua= value (RFC 7489 §6.4: comma-separated URIs, an optional `!size` suffix). */
export function mailtoAddresses(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((uri) => uri.trim())
    .filter((uri) => /^mailto:/i.test(uri))
    .map((uri) => decodeURIComponent(uri.slice(7).replace(/!\d+[kmgt]?$/i, '')).toLowerCase());
}
