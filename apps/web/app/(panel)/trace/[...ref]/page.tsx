import { NotFoundError, unicodeAddress } from '@kontor/core';
import { type JourneyRef, type JourneyStep, type MessageJourney, messageJourney } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Badge, Card, CardBody, PageHeader } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { journeyHref, traceSearchHref } from '@/lib/trace-links.ts';
import { statusTone, verdictTone } from '../tones.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('trace'))('journeyPage.title') };
}

/**
 * `/trace/queue/<queue id>`, `/trace/message/<Message-ID>` (encoded; it may
 * hold slashes, hence the catch-all) or `/trace/entry/<log row id>`.
 */
function refOf(segments: string[]): JourneyRef | null {
  const [by, ...rest] = segments;
  let id: string;
  try {
    id = rest.map((part) => decodeURIComponent(part)).join('/');
  } catch {
    return null;
  }
  if (!id) return null;
  if (by === 'queue' || by === 'message' || by === 'entry') return { by, id };
  return null;
}

/** The fields of a journey step that hold addresses (as logged: ASCII). */
const ADDRESS_FIELDS = new Set(['mailFrom', 'rcptTo', 'recipients', 'to', 'user']);

/** A step with its addresses as a person reads them (IDN domains in Unicode); links and searches keep working with either form. */
function readable<S extends object>(step: S): S {
  const out = { ...step } as Record<string, unknown>;
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (!ADDRESS_FIELDS.has(key)) continue;
    if (typeof value === 'string') out[key] = unicodeAddress(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? unicodeAddress(v) : v));
  }
  return out as S;
}

type T = Awaited<ReturnType<typeof getTranslations<'trace'>>>;
type Format = Awaited<ReturnType<typeof getFormatter>>;

export default async function JourneyPage({ params }: { params: Promise<{ ref: string[] }> }) {
  const { actor } = await requireActor();
  const ref = refOf((await params).ref);
  if (!ref) notFound();
  let journey: MessageJourney;
  try {
    journey = await messageJourney(getDb(), actor, ref);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const [t, format] = await Promise.all([getTranslations('trace'), getFormatter()]);
  journey = { ...journey, steps: journey.steps.map(readable), rows: journey.rows.map((row) => ({ ...row, mailFrom: unicodeAddress(row.mailFrom) })) };
  const senders = [
    ...new Set(journey.rows.filter((r) => r.direction === 'INBOUND' || !journey.queueIds.some((q) => r.queueId.startsWith(`${q}-`))).map((r) => r.mailFrom)),
  ];
  const recipients = [
    ...new Set(journey.steps.flatMap((s) => (s.type === 'received' || s.type === 'submitted' ? s.recipients : s.type === 'refused' ? [s.rcptTo] : []))),
  ];
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/trace" className="text-indigo-600 hover:text-indigo-500">
            ← {t('journeyPage.back')}
          </Link>
        }
        title={t('journeyPage.title')}
        description={<span className="font-mono break-all">{journey.messageId || journey.queueIds[0] || ref.id}</span>}
      />
      <Card>
        <CardBody>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium text-slate-500">{t('journeyPage.messageId')}</dt>
            <dd className="font-mono text-xs break-all text-slate-900" data-testid="journey-message-id">
              {journey.messageId || t('journeyPage.noMessageId')}
            </dd>
            <dt className="font-medium text-slate-500">{t('journeyPage.queueIds')}</dt>
            <dd className="font-mono text-xs break-all text-slate-900">{journey.queueIds.join(', ') || '—'}</dd>
            <dt className="font-medium text-slate-500">{t('journeyPage.sender')}</dt>
            <dd className="font-mono text-xs break-all text-slate-900">{senders.map((s) => s || t('nullSender')).join(', ')}</dd>
            <dt className="font-medium text-slate-500">{t('journeyPage.recipients')}</dt>
            <dd className="font-mono text-xs break-all text-slate-900">{recipients.join(', ') || '—'}</dd>
          </dl>
        </CardBody>
      </Card>
      <Card className="mt-6" title={t('journeyPage.steps')}>
        <CardBody>
          <ol className="relative space-y-6 border-l border-slate-200 pl-6" data-testid="journey">
            {journey.steps.map((step) => (
              <Step key={stepKey(step)} step={step} t={t} format={format} />
            ))}
          </ol>
        </CardBody>
      </Card>
    </>
  );
}

/** Unique within a journey: a step is one event of one recipient of one queue id. */
function stepKey(step: JourneyStep): string {
  const who = 'rcptTo' in step ? step.rcptTo : 'to' in step && typeof step.to === 'string' ? step.to : '';
  const n = step.type === 'attempt' ? step.attempt : step.type === 'refused' ? String(step.entryId) : '';
  const queueId = 'queueId' in step ? step.queueId : '';
  return [step.type, queueId, who, n, step.type === 'forward' ? (step.from ?? '') : ''].join('|');
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <dl className="flex min-w-0 flex-wrap gap-x-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800">{children}</dd>
    </dl>
  );
}

function AddressLink({ address }: { address: string }) {
  return (
    <Link href={traceSearchHref(address)} className="font-mono break-all text-indigo-700 hover:text-indigo-500">
      {address}
    </Link>
  );
}

function tlsText(t: T, tls: { protocol?: string; cipher?: string } | null | undefined): string {
  if (tls === undefined) return t('step.notRecorded');
  if (tls === null) return t('step.noTls');
  return [tls.protocol, tls.cipher].filter(Boolean).join(', ') || 'TLS';
}

function Verdicts({ step, t }: { step: Extract<JourneyStep, { type: 'received' }>; t: T }) {
  const checks = [
    ['SPF', step.spf],
    ['DKIM', step.dkim],
    ['DMARC', step.dmarc],
    ['ARC', step.arc],
  ] as const;
  return (
    <Detail label={t('step.verdicts')}>
      <span className="inline-flex flex-wrap gap-1">
        {checks
          .filter(([, result]) => result !== null)
          .map(([name, result]) => (
            <Badge key={name} tone={verdictTone(result)}>
              {name} {result}
            </Badge>
          ))}
      </span>
    </Detail>
  );
}

function resultLabel(t: T, result: string | null): string {
  switch (result) {
    case null:
      return t('step.result.running');
    case 'delivered':
    case 'deferred':
    case 'bounced':
    case 'failed':
    case 'deleted':
      return t(`step.result.${result}`);
    default:
      return result;
  }
}

function kindLabel(t: T, kind: string): string {
  return kind === 'submission' || kind === 'forward' || kind === 'autoreply' || kind === 'bounce' || kind === 'notice' ? t(`step.kinds.${kind}`) : kind;
}

function Step({ step, t, format }: { step: JourneyStep; t: T; format: Format }) {
  const time = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'medium' });
  let title: ReactNode;
  let tone: Parameters<typeof Badge>[0]['tone'] = 'gray';
  let details: ReactNode = null;
  switch (step.type) {
    case 'received':
      tone = 'indigo';
      title = t('step.received', { ip: step.clientIp || '?' });
      details = (
        <>
          {step.helo && <Detail label={t('step.helo')}>{step.helo}</Detail>}
          <Detail label={t('step.tls')}>{tlsText(t, step.tls)}</Detail>
          <Verdicts step={step} t={t} />
          <Detail label={t('journeyPage.sender')}>{step.mailFrom ? <AddressLink address={step.mailFrom} /> : t('nullSender')}</Detail>
        </>
      );
      break;
    case 'submitted':
      tone = 'indigo';
      title = step.user ? t('step.submitted', { user: step.user }) : t('step.submittedAnonymous');
      details = (
        <>
          {step.clientIp && <Detail label={t('step.clientIp')}>{step.clientIp}</Detail>}
          <Detail label={t('step.tls')}>{tlsText(t, step.tls)}</Detail>
          <Detail label={t('journeyPage.recipients')}>{step.recipients.join(', ')}</Detail>
        </>
      );
      break;
    case 'refused':
      tone = step.temporary ? 'amber' : 'red';
      title = step.temporary
        ? t('step.refusedTemporary', { rcpt: step.rcptTo || t('noRecipient') })
        : t('step.refused', { rcpt: step.rcptTo || t('noRecipient') });
      details = (
        <>
          <Detail label={t('step.clientIp')}>{step.clientIp}</Detail>
          <Detail label={t('journeyPage.sender')}>{step.mailFrom || t('nullSender')}</Detail>
          <Detail label={t('step.reply')}>
            <span className="font-mono text-xs">{step.reply}</span>
          </Detail>
        </>
      );
      break;
    case 'local':
      tone = 'green';
      title = t('step.local', { rcpt: step.rcptTo, folder: step.folder });
      break;
    case 'forward':
      tone = 'blue';
      title = step.to.length ? t('step.forward', { rcpt: step.rcptTo, to: step.to.join(', ') }) : t('step.forwardNowhere', { rcpt: step.rcptTo });
      if (step.from) {
        details = (
          <p className="text-slate-600">
            {t('step.forwardByMailbox', { from: step.from })}
            {step.keepCopy !== null && `, ${step.keepCopy ? t('step.forwardKeepCopy') : t('step.forwardNoCopy')}`}
          </p>
        );
      }
      break;
    case 'autoreply':
    case 'bounce':
    case 'notice': {
      tone = 'blue';
      title = t(`step.${step.type}`, { to: step.to });
      const href = journeyHref({ queueId: step.queueId });
      details = href && (
        <p>
          <span className="font-mono text-xs text-slate-500">{step.queueId}</span>{' '}
          <Link href={href} className="text-indigo-600 hover:text-indigo-500">
            ({t('step.ownJourney')})
          </Link>
        </p>
      );
      break;
    }
    case 'queued':
      tone = 'blue';
      title = t('step.queued', { rcpt: step.rcptTo });
      // A submitted message's own recipients need no word; a forward, autoreply, bounce or notice says what it is.
      details = step.kind !== 'submission' && <p className="text-slate-500">{kindLabel(t, step.kind)}</p>;
      break;
    case 'attempt':
      tone = statusTone(step.result);
      title = (
        <>
          {t('step.attempt', { attempt: step.attempt, rcpt: step.rcptTo })}: <span className="font-semibold">{resultLabel(t, step.result)}</span>
        </>
      );
      details = (
        <>
          {step.remoteHost && <Detail label={t('step.server')}>{step.remoteHost}</Detail>}
          {step.sessionTls && (
            <Detail label={t('step.tls')}>
              <span className="font-mono text-xs" data-testid="attempt-tls">
                {step.sessionTls}
              </span>
            </Detail>
          )}
          {step.reply && (
            <Detail label={t('step.reply')}>
              <span className="font-mono text-xs">{step.reply}</span>
            </Detail>
          )}
          {step.endedAt && step.endedAt.getTime() !== step.at.getTime() && (
            <p className="text-xs text-slate-500">{t('step.ended', { time: time(step.endedAt) })}</p>
          )}
        </>
      );
      break;
    case 'waiting':
      tone = 'amber';
      title = t('step.waiting', { rcpt: step.rcptTo });
      details = step.nextAttemptAt && <p className="text-slate-600">{t('step.waitingAt', { time: time(step.nextAttemptAt) })}</p>;
      break;
    case 'cancelled':
      tone = 'gray';
      title = t('step.cancelled', { rcpt: step.rcptTo });
      details = <p className="text-slate-600">{step.mode === 'silent' ? t('step.cancelledSilent') : t('step.cancelledBounce')}</p>;
      break;
  }
  const dot = { green: 'bg-emerald-500', red: 'bg-red-500', amber: 'bg-amber-500', blue: 'bg-sky-500', indigo: 'bg-indigo-500', gray: 'bg-slate-400' }[tone];
  return (
    <li className="relative" data-step={step.type}>
      <span aria-hidden="true" className={`absolute top-1.5 -left-[1.95rem] size-3 rounded-full ring-4 ring-white ${dot}`} />
      <p className="text-xs text-slate-500">
        <time dateTime={step.at.toISOString()}>{time(step.at)}</time>
      </p>
      <p className="mt-0.5 text-sm font-medium break-words text-slate-900">{title}</p>
      {details && <div className="mt-1.5 space-y-1 text-sm">{details}</div>}
    </li>
  );
}
