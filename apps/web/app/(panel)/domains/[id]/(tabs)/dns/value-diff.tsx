import type { DiffPart } from '@kontor/core/dns';
import { cx } from '@/components/ui.tsx';

/**
 * A value in pieces, the differing ones marked: on the published side what
 * should go (red, struck through), on the expected side what is missing
 * (green). Pieces are joined as the record writes them (`; ` between tags).
 */
export function ValueDiff({ parts, side, joiner }: { parts: DiffPart[]; side: 'expected' | 'found'; joiner: string }) {
  return (
    <>
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the pieces are positional and never reordered
        <span key={i}>
          {i > 0 && joiner}
          <span
            data-changed={part.changed ? 'true' : undefined}
            className={cx(
              part.changed && side === 'found' && 'rounded-sm bg-red-100 text-red-800 line-through decoration-red-400',
              part.changed && side === 'expected' && 'rounded-sm bg-emerald-100 text-emerald-800',
            )}
          >
            {part.text}
          </span>
        </span>
      ))}
    </>
  );
}
