import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

export function cx(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(' ');
}

export function PageHeader({ title, description, actions, eyebrow }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; eyebrow?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        {eyebrow && <div className="mb-1 text-sm text-slate-500">{eyebrow}</div>}
        <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description && <div className="mt-1 text-sm text-slate-600">{description}</div>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </div>
  );
}

export function Card({
  title,
  description,
  children,
  className,
  actions,
  id,
}: {
  title?: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
  id?: string;
}) {
  return (
    // min-w-0: in a grid or flex row a card may be narrower than a wide chart or table inside it (which then scrolls or resizes).
    <section id={id} className={cx('min-w-0 rounded-xl border border-slate-200 bg-white shadow-sm', className)}>
      {/* The actions go under the title when both do not fit side by side (phones). */}
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-3 border-b border-slate-100 px-5 py-4">
          <div className="min-w-0 flex-1 basis-64">
            {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
            {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
          </div>
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function CardBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cx('px-5 py-5', className)}>{children}</div>;
}

export function StatCard({ label, value, hint, href }: { label: string; value: ReactNode; hint?: ReactNode; href?: string }) {
  return (
    <div className={cx('relative rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm', href && 'transition hover:border-indigo-300 hover:shadow')}>
      <dt className="text-sm font-medium text-slate-500">
        {href ? (
          // The link's ::before covers the card, so all of it is clickable.
          <Link href={href} className="before:absolute before:inset-0 before:rounded-xl">
            {label}
          </Link>
        ) : (
          label
        )}
      </dt>
      <dd className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">{value}</dd>
      {hint && <dd className="mt-1 text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}

type Tone = 'green' | 'gray' | 'amber' | 'blue' | 'red' | 'indigo';
const TONES: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  gray: 'bg-slate-100 text-slate-600 ring-slate-500/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  blue: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  red: 'bg-red-50 text-red-700 ring-red-600/20',
  indigo: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
};

/** One line unless `wrap` (a long name in a narrow column, such as an audit action in German). */
export function Badge({ tone = 'gray', children, title, wrap = false }: { tone?: Tone; children: ReactNode; title?: string; wrap?: boolean }) {
  return (
    <span
      title={title}
      className={cx(
        'inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        wrap ? 'text-left' : 'whitespace-nowrap',
        TONES[tone],
      )}
    >
      {children}
    </span>
  );
}

// useTranslations works in the server components that use these (they are not async) and in client ones.
export function ActiveBadge({ active }: { active: boolean }) {
  const t = useTranslations('ui');
  return active ? <Badge tone="green">{t('active')}</Badge> : <Badge tone="gray">{t('disabled')}</Badge>;
}

export function Table({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className }: { children?: ReactNode; className?: string }) {
  return (
    <th scope="col" className={cx('px-5 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase', className)}>
      {children}
    </th>
  );
}

/**
 * A table cell. `stacked`: on phones the cell is a block of its row's card
 * (the row gets `block sm:table-row`, the head `hidden sm:table-header-group`),
 * labelled with a CellLabel; from the sm breakpoint on, a cell again.
 */
export function Td({ children, className, stacked }: { children?: ReactNode; className?: string; stacked?: boolean }) {
  return <td className={cx('px-5 text-slate-700', stacked ? 'block py-1.5 align-top sm:table-cell sm:py-3' : 'py-3 align-middle', className)}>{children}</td>;
}

/** The column's name inside a stacked cell, shown on phones only (the table head says it on wide screens). */
export function CellLabel({ children }: { children: ReactNode }) {
  return <span className="mb-1 block text-xs font-semibold tracking-wide text-slate-500 uppercase sm:hidden">{children}</span>;
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-5 py-10 text-center text-sm text-slate-500">
        {children}
      </td>
    </tr>
  );
}

/**
 * Used against quota; an unlimited quota (0) shows usage with no bar end.
 * A native <progress>: its length is an attribute, so it is drawn from the
 * server's HTML, where the CSP drops inline `style` widths.
 */
export function UsageBar({ used, quota, label }: { used: number; quota: number; label?: string }) {
  const t = useTranslations('ui');
  const percent = quota > 0 ? Math.min(100, Math.round((used / quota) * 100)) : 0;
  // A sliver stays visible for a little use.
  const shown = quota > 0 ? Math.max(percent, used > 0 ? 2 : 0) : 0;
  // The bar's colour is its value pseudo-element's (WebKit's and Firefox's); the rounded, clipping box ends it.
  const tone =
    percent >= 90
      ? '[&::-moz-progress-bar]:bg-red-500 [&::-webkit-progress-value]:bg-red-500'
      : percent >= 75
        ? '[&::-moz-progress-bar]:bg-amber-500 [&::-webkit-progress-value]:bg-amber-500'
        : '[&::-moz-progress-bar]:bg-indigo-500 [&::-webkit-progress-value]:bg-indigo-500';
  return (
    <progress
      aria-label={label ?? t('storageUsed')}
      value={shown}
      max={100}
      aria-valuetext={quota > 0 ? `${percent}%` : undefined}
      className={cx('block h-2 w-full appearance-none overflow-hidden rounded-full bg-slate-100 [&::-webkit-progress-bar]:bg-inherit', tone)}
    />
  );
}

export function Alert({ tone = 'red', children, role }: { tone?: 'red' | 'green' | 'amber' | 'blue'; children: ReactNode; role?: 'alert' | 'status' }) {
  const tones = {
    red: 'border-red-200 bg-red-50 text-red-800',
    green: 'border-emerald-200 bg-emerald-50 text-emerald-800',
    amber: 'border-amber-200 bg-amber-50 text-amber-900',
    blue: 'border-sky-200 bg-sky-50 text-sky-800',
  } as const;
  return (
    <div role={role ?? (tone === 'red' ? 'alert' : 'status')} className={cx('rounded-lg border px-4 py-3 text-sm', tones[tone])}>
      {children}
    </div>
  );
}

export const buttonClass = {
  primary:
    'inline-flex items-center justify-center gap-2 rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60',
  secondary:
    'inline-flex items-center justify-center gap-2 rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset transition hover:bg-slate-50 disabled:opacity-60',
  danger:
    'inline-flex items-center justify-center gap-2 rounded-lg bg-red-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-red-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 disabled:opacity-60',
  dangerGhost:
    'inline-flex items-center justify-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-red-600 transition hover:bg-red-50 disabled:opacity-60',
  link: 'font-medium text-indigo-600 hover:text-indigo-500',
} as const;
