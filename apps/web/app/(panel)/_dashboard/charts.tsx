'use client';

/**
 * The dashboard's charts (recharts). They are drawn in the browser only:
 * the strict CSP refuses style attributes in server HTML, and recharts
 * sizes its SVG with them; styles React sets from script are allowed. Each
 * chart is one image for assistive technology (role="img" with a summary);
 * the page puts a table with the same numbers beside it.
 */
import { useFormatter, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useHydrated } from '@/components/hydration.tsx';

const COLORS = { received: '#6366f1', sent: '#10b981', refused: '#ef4444' } as const;

function ChartFrame({ summary, height, testId, children }: { summary: string; height: number; testId: string; children: () => React.ReactNode }) {
  const hydrated = useHydrated();
  const t = useTranslations('dashboard');
  return (
    <div role="img" aria-label={summary} data-testid={testId} data-chart-ready={hydrated ? 'true' : undefined} className="w-full">
      {hydrated ? (
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 600, height }}>
          {children()}
        </ResponsiveContainer>
      ) : (
        <div className="flex h-24 items-center justify-center text-sm text-slate-400">{t('chartUnavailable')}</div>
      )}
    </div>
  );
}

export interface DailyPoint {
  day: string;
  received: number;
  sent: number;
  refused: number;
}

/** Received, sent and refused per day. */
export function DailyMailChart({ days, summary }: { days: DailyPoint[]; summary: string }) {
  const t = useTranslations('dashboard.series');
  const format = useFormatter();
  const dayLabel = (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <ChartFrame summary={summary} height={260} testId="chart-daily">
      {() => (
        <BarChart data={days} margin={{ top: 8, right: 12, bottom: 0, left: -12 }} barGap={0} barCategoryGap="15%" accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 12, fill: '#64748b' }} minTickGap={24} tickLine={false} />
          <YAxis
            allowDecimals={false}
            tick={{ fontSize: 12, fill: '#64748b' }}
            tickLine={false}
            axisLine={false}
            tickFormatter={(n: number) => format.number(n)}
          />
          <Tooltip cursor={{ fill: '#f1f5f9' }} labelFormatter={(day) => dayLabel(String(day))} formatter={(value) => format.number(Number(value))} />
          <Legend iconType="square" wrapperStyle={{ fontSize: 13 }} />
          {(['received', 'sent', 'refused'] as const).map((series) => (
            <Bar key={series} dataKey={series} name={t(series)} fill={COLORS[series]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}

export interface BarItem {
  name: string;
  value: number;
  /** The value as the table shows it (a number or a size, in the page's language). */
  valueLabel: string;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One horizontal bar per item, largest first, labelled with its value. */
export function HorizontalBarChart({ items, summary, color, testId }: { items: BarItem[]; summary: string; color: 'refused' | 'received'; testId: string }) {
  return (
    <ChartFrame summary={summary} height={Math.max(80, items.length * 34 + 16)} testId={testId}>
      {() => (
        <BarChart data={items} layout="vertical" margin={{ top: 4, right: 56, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <XAxis type="number" hide />
          <YAxis
            type="category"
            dataKey="name"
            width={132}
            tick={{ fontSize: 12, fill: '#334155' }}
            tickLine={false}
            axisLine={false}
            // 18 characters of 12 px fit the 132 px axis beside the tick gap (20 were cut at the left edge).
            tickFormatter={(name: string) => truncate(name, 18)}
          />
          <Bar dataKey="value" fill={COLORS[color]} radius={[0, 4, 4, 0]} barSize={18} isAnimationActive={false}>
            <LabelList dataKey="valueLabel" position="right" style={{ fontSize: 12, fill: '#475569' }} />
          </Bar>
        </BarChart>
      )}
    </ChartFrame>
  );
}
