/**
 * Sequence sets (RFC 3501 §9 `sequence-set`, RFC 5182 `$`): parse, print,
 * evaluate against a mailbox, and compact a list of numbers back into a
 * set (COPYUID, APPENDUID, ESEARCH ALL).
 *
 * `*` means the largest number in use; a range is the same whichever way
 * round it is written (`3:1` = `1:3`).
 */

/** A number, or `*` (the largest message sequence number or UID in use). */
export type SequenceBound = number | '*';

export interface SequenceRange {
  start: SequenceBound;
  end: SequenceBound;
}

export type SequenceSet =
  | { kind: 'ranges'; ranges: SequenceRange[] }
  /** `$`: the result saved by the last SEARCH ... RETURN (SAVE) (RFC 5182). */
  | { kind: 'saved' };

export const MAX_UINT32 = 4294967295;

/** Parses `1,3:5,7:*` (and `$`); undefined when it is not a valid set. */
export function parseSequenceSet(text: string): SequenceSet | undefined {
  if (text === '$') return { kind: 'saved' };
  if (text.length === 0) return undefined;
  const ranges: SequenceRange[] = [];
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    const start = parseBound(colon === -1 ? part : part.slice(0, colon));
    const end = colon === -1 ? start : parseBound(part.slice(colon + 1));
    if (start === undefined || end === undefined) return undefined;
    ranges.push({ start, end });
  }
  return { kind: 'ranges', ranges };
}

function parseBound(text: string): SequenceBound | undefined {
  if (text === '*') return '*';
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= MAX_UINT32 ? value : undefined;
}

export function formatSequenceSet(set: SequenceSet): string {
  if (set.kind === 'saved') return '$';
  return set.ranges.map(({ start, end }) => (start === end ? String(start) : `${start}:${end}`)).join(',');
}

/** True if the set uses `*`. */
export function usesStar(set: SequenceSet): boolean {
  return set.kind === 'ranges' && set.ranges.some((r) => r.start === '*' || r.end === '*');
}

/** The ranges as ordered, merged, inclusive [low, high] pairs, `*` = `largest`. */
export function normalizeRanges(ranges: readonly SequenceRange[], largest: number): Array<[number, number]> {
  const pairs = ranges.map(({ start, end }): [number, number] => {
    const a = start === '*' ? largest : start;
    const b = end === '*' ? largest : end;
    return a <= b ? [a, b] : [b, a];
  });
  pairs.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const pair of pairs) {
    const last = merged[merged.length - 1];
    if (last && pair[0] <= last[1] + 1) last[1] = Math.max(last[1], pair[1]);
    else merged.push([pair[0], pair[1]]);
  }
  return merged;
}

/**
 * The members of `sortedValues` (ascending, e.g. the mailbox's UIDs) that
 * the set names, ascending and without duplicates. `*` is the last value;
 * `559:*` therefore always includes the last UID even if 559 is above it
 * (RFC 3501 §6.4.8).
 */
export function evaluateSequenceSet(set: SequenceSet & { kind: 'ranges' }, sortedValues: readonly number[]): number[] {
  const largest = sortedValues[sortedValues.length - 1];
  if (largest === undefined) return [];
  const result: number[] = [];
  for (const [low, high] of normalizeRanges(set.ranges, largest)) {
    for (let i = lowerBound(sortedValues, low); i < sortedValues.length; i++) {
      const value = sortedValues[i]!;
      if (value > high) break;
      result.push(value);
    }
  }
  return result;
}

/** Message sequence numbers 1..`count` named by the set, ascending. */
export function evaluateSequenceNumbers(set: SequenceSet & { kind: 'ranges' }, count: number): number[] {
  const result: number[] = [];
  if (count <= 0) return result;
  for (const [low, high] of normalizeRanges(set.ranges, count)) {
    for (let n = Math.max(low, 1); n <= Math.min(high, count); n++) result.push(n);
  }
  return result;
}

/** Whether `value` is in the set, `*` standing for `largest`. */
export function sequenceSetHas(set: SequenceSet & { kind: 'ranges' }, value: number, largest: number): boolean {
  return set.ranges.some(({ start, end }) => {
    const a = start === '*' ? largest : start;
    const b = end === '*' ? largest : end;
    return value >= Math.min(a, b) && value <= Math.max(a, b);
  });
}

/**
 * Writes numbers as a compact set: [1,2,3,5,7,8] → `1:3,5,7:8`.
 * Sorted and de-duplicated by default; `keepOrder` keeps the given order
 * (COPYUID pairs source and destination UIDs by position) and only joins
 * ascending runs.
 */
export function compactSequenceSet(values: Iterable<number>, options: { keepOrder?: boolean } = {}): string {
  let list = [...values];
  if (!options.keepOrder) list = [...new Set(list)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < list.length) {
    const start = list[i]!;
    let end = start;
    while (i + 1 < list.length && list[i + 1] === end + 1) end = list[++i]!;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return parts.join(',');
}

function lowerBound(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return low;
}
