/** IMAP sequence sets (RFC 3501 §9 sequence-set) as webmail writes and reads them. No I/O, so unit-tested. */

/** A sequence set in the order written (ESORT's ALL keeps sort order, RFC 5267 §3): `5,3:4` → 5,3,4. */
export function expandOrderedSet(set: string): number[] {
  const numbers: number[] = [];
  for (const part of set.split(',')) {
    if (!/^\d+(:\d+)?$/.test(part)) continue;
    const [first, last] = part.split(':').map(Number);
    if (first === undefined || !Number.isSafeInteger(first)) continue;
    if (last === undefined) numbers.push(first);
    else if (Number.isSafeInteger(last)) {
      const step = last >= first ? 1 : -1;
      for (let n = first; n !== last + step; n += step) numbers.push(n);
    }
  }
  return numbers;
}

/** Numbers as a compact set, ascending: [5,1,2,3] → `1:3,5`. */
export function compactSet(numbers: Iterable<number>): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i] as number;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i] as number;
    parts.push(start === end ? String(start) : `${start}:${end}`);
  }
  return parts.join(',');
}
