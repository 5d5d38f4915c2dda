/** One piece of a value, marked when the other side lacks it. */
export interface DiffPart {
  text: string;
  changed: boolean;
}

/** Published and expected value split into pieces, each marked where they differ: what the panel shows side by side. */
export interface ValueDiff {
  expected: DiffPart[];
  found: DiffPart[];
}

/**
 * Tag-list records (`v=DKIM1; k=rsa; p=…`) compare tag by tag, SPF and the
 * rest word by word: a piece is changed when the other side has no equal
 * piece (tags compare with their names lowercased, names of hosts without
 * their trailing dot).
 */
export function valueDiff(expected: string, found: string, style: 'tags' | 'words'): ValueDiff {
  const split = (value: string) =>
    style === 'tags'
      ? value
          .split(';')
          .map((p) => p.trim())
          .filter(Boolean)
      : value.split(/\s+/).filter(Boolean);
  const key = (piece: string) => {
    if (style === 'words') return piece.toLowerCase().replace(/\.$/, '');
    const eq = piece.indexOf('=');
    return eq < 0 ? piece : `${piece.slice(0, eq).trim().toLowerCase()}=${piece.slice(eq + 1).trim()}`;
  };
  const mark = (pieces: string[], other: string[]) => {
    const left = new Map<string, number>();
    for (const p of other) left.set(key(p), (left.get(key(p)) ?? 0) + 1);
    return pieces.map((text) => {
      const n = left.get(key(text)) ?? 0;
      if (n > 0) left.set(key(text), n - 1);
      return { text, changed: n === 0 };
    });
  };
  const e = split(expected);
  const f = split(found);
  return { expected: mark(e, f), found: mark(f, e) };
}
