'use client';

import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { type DragEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Alert, buttonClass, cx } from '@/components/ui.tsx';
import type { ComposeInitial, ComposeInput, Correspondent, Identity, Recipient, SendProblem, Signature } from '@/lib/webmail/compose/compose-input.ts';
import { htmlToPlainText, plainTextToHtml } from '@/lib/webmail/compose/plain-text.ts';
import { signatureHtml, signatureText, swapPlainSignature } from '@/lib/webmail/compose/signature-block.ts';
import { AddressField } from './address-field.tsx';
import { Attachments } from './attachments.tsx';
import { discardRequest, sendRequest } from './compose-api.ts';
import { EditorToolbar, RichEditor, useRichEditor } from './rich-editor.tsx';
import { SendProblemAlert } from './send-problem.tsx';
import { swapEditorSignature } from './signature-node.ts';
import { type SaveState, useDraftAutosave } from './use-draft-autosave.ts';
import { useUploads } from './use-uploads.ts';

export interface ComposeFormProps {
  heading: string;
  initial: ComposeInitial;
  identities: Identity[];
  signatures: Signature[];
  suggestions: Correspondent[];
  /** Attachment bytes a message may carry (lib/webmail/compose/uploads.ts attachmentAllowance). */
  allowance: number;
  maxMessageSize: number;
}

function FieldRow({ label, htmlFor, children }: { label: string; htmlFor?: string; children: ReactNode }) {
  return (
    <div className="flex min-h-11 items-start gap-2 border-b border-slate-100 px-3">
      <label htmlFor={htmlFor} className="w-14 shrink-0 pt-3 text-sm text-slate-500 sm:w-16">
        {label}
      </label>
      <div className="flex min-w-0 flex-1 items-start gap-2">{children}</div>
    </div>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const t = useTranslations('webmailCompose.status');
  const format = useFormatter();
  const text =
    state.kind === 'saved'
      ? t('saved', { time: format.dateTime(new Date(state.at), { timeStyle: 'short' }) })
      : state.kind === 'saving'
        ? t('saving')
        : state.kind === 'failed'
          ? t('failed')
          : '';
  return (
    <span
      role="status"
      data-testid="draft-status"
      data-state={state.kind}
      className={cx('truncate text-xs', state.kind === 'failed' ? 'text-red-600' : 'text-slate-500')}
    >
      {text}
    </span>
  );
}

/** The compose form: recipients, subject, the rich or plain editor, attachments; autosaved, sent through submission. */
export function ComposeForm({ heading, initial, identities, signatures, suggestions, allowance, maxMessageSize }: ComposeFormProps) {
  const t = useTranslations('webmailCompose');
  const router = useRouter();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [cc, setCc] = useState(initial.cc);
  const [bcc, setBcc] = useState(initial.bcc);
  const [showCc, setShowCc] = useState(initial.cc.length > 0);
  const [showBcc, setShowBcc] = useState(initial.bcc.length > 0);
  const [subject, setSubject] = useState(initial.subject);
  const [format, setFormat] = useState(initial.format);
  const [plainText, setPlainText] = useState(initial.format === 'plain' ? initial.body : '');
  const [problem, setProblem] = useState<{ problem: SendProblem; partial: boolean } | null>(null);
  const [sending, setSending] = useState(false);
  const [dragging, setDragging] = useState(false);
  const html = useRef(initial.format === 'html' ? initial.body : '');
  const touchRef = useRef(() => {});
  const subjectInput = useRef<HTMLInputElement>(null);
  // A message started with ?to= continues at the subject; a reply at the text (the editor's start).
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once, when the form opens.
  useEffect(() => {
    if (initial.to.length > 0 && !initial.origin) subjectInput.current?.focus();
  }, []);

  const signatureOf = (address: string) => signatures.find((s) => s.identity === address.toLowerCase()) ?? null;
  const uploads = useUploads({ composeId: initial.composeId, initial: initial.attachments, allowance, maxMessageSize, onChange: () => touchRef.current() });
  const editor = useRichEditor({
    content: initial.format === 'html' ? initial.body : '',
    label: t('body'),
    testId: 'compose-editor',
    autofocusStart: initial.origin !== null && initial.origin.mode !== 'forwardAttachment' && initial.to.length > 0,
    onChange: (value) => {
      html.current = value;
      touchRef.current();
    },
    onFiles: (files) => uploads.add(files),
  });

  const snapshot = (): ComposeInput => ({
    composeId: initial.composeId,
    draftKey: initial.draftKey,
    from,
    to,
    cc,
    bcc,
    subject,
    format,
    body: format === 'html' ? (editor?.getHTML() ?? html.current) : plainText,
    attachments: uploads.files.map((file) => file.id),
    inReplyTo: initial.inReplyTo,
    references: initial.references,
    origin: initial.origin,
    draftUid: null,
  });
  const autosave = useDraftAutosave(snapshot, initial.draftKey, initial.draftUid);
  touchRef.current = autosave.touch;

  // Every change of a field is something to save; the first run is the initial state.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the fields are the trigger, touch is stable.
  useEffect(() => {
    if (first.current) first.current = false;
    else autosave.touch();
  }, [from, to, cc, bcc, subject, format, plainText]);

  const changeFrom = (next: string) => {
    const previous = signatureOf(from);
    const signature = signatureOf(next);
    if (format === 'html' && editor) swapEditorSignature(editor, signature);
    else setPlainText((text) => swapPlainSignature(text, previous, signature));
    setFrom(next);
  };

  const switchFormat = (next: 'html' | 'plain') => {
    if (next === format || !editor) return;
    if (next === 'plain') {
      // The converter drops leading blank lines; the empty line to write on above the signature or quote stays.
      const first = editor.state.doc.firstChild;
      const room = first?.type.name === 'paragraph' && first.content.size === 0 && editor.state.doc.childCount > 1;
      setPlainText(`${room ? '\n\n' : ''}${htmlToPlainText(editor.getHTML())}`);
    } else {
      const signature = signatureOf(from);
      const block = signatureText(signature);
      const at = block ? plainText.indexOf(block) : -1;
      const content =
        at >= 0
          ? plainTextToHtml(plainText.slice(0, at)) + signatureHtml(signature) + plainTextToHtml(plainText.slice(at + block.length))
          : plainTextToHtml(plainText) + signatureHtml(null);
      editor.commands.setContent(content);
      html.current = editor.getHTML();
    }
    setFormat(next);
  };

  const send = async () => {
    if (sending) return;
    setSending(true);
    setProblem(null);
    await autosave.finish();
    const result = await sendRequest({ ...snapshot(), draftUid: autosave.draftUid() });
    if (result.status === 'sent') {
      router.push(result.redirectTo);
      router.refresh();
      return;
    }
    autosave.resume();
    if (result.status === 'partial') {
      // Sent to the others, and its draft is gone: what is left is a message to the refused addresses.
      const refused = new Set(result.problem.refused.map((r) => r.address.toLowerCase()));
      const keep = (list: Recipient[]) => list.filter((r) => refused.has(r.address.toLowerCase()));
      setTo([...keep(to), ...keep(cc), ...keep(bcc)]);
      setCc([]);
      setBcc([]);
      autosave.forgetDraft();
      setProblem({ problem: result.problem, partial: true });
    } else setProblem({ problem: result.problem, partial: false });
    setSending(false);
  };

  const discard = async () => {
    if (!window.confirm(t('discardConfirm'))) return;
    await autosave.finish();
    await discardRequest({ composeId: initial.composeId, draftKey: initial.draftKey, draftUid: autosave.draftUid() });
    router.push('/webmail');
    router.refresh();
  };

  const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

  return (
    <form
      className="relative flex min-h-0 flex-1 flex-col"
      data-testid="compose-form"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        setDragging(false);
        // Dropped on the text: the editor took the files already.
        if (event.defaultPrevented || !hasFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        uploads.add([...event.dataTransfer.files]);
      }}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-2">
        <h1 className="min-w-0 truncate text-base font-semibold text-slate-900">{heading}</h1>
        <SaveStatus state={autosave.state} />
        <div className="ml-auto flex shrink-0 items-center gap-2">
          <button type="button" onClick={() => void discard()} className={buttonClass.secondary} data-testid="discard">
            {t('discard')}
          </button>
          <button type="submit" disabled={sending || uploads.pending.length > 0} className={buttonClass.primary} data-testid="send">
            {sending ? t('sending') : t('send')}
          </button>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {(initial.notice || problem) && (
          <div className="space-y-2 px-3 pt-3">
            {initial.notice && <Alert tone="amber">{t(`notice.${initial.notice}`)}</Alert>}
            {problem && <SendProblemAlert problem={problem.problem} partial={problem.partial} />}
          </div>
        )}
        <FieldRow label={t('from')} htmlFor="compose-from">
          {identities.length > 1 ? (
            <select
              id="compose-from"
              autoComplete="off"
              value={from}
              onChange={(event) => changeFrom(event.target.value)}
              className="my-1.5 block w-full min-w-0 rounded-md border-0 bg-transparent py-1.5 pr-8 pl-1 text-sm text-slate-900 ring-1 ring-slate-200 focus:ring-2 focus:ring-indigo-600"
            >
              {identities.map((identity) => (
                <option key={identity.address} value={identity.address}>
                  {identity.name ? `${identity.name} <${identity.address}>` : identity.address}
                </option>
              ))}
            </select>
          ) : (
            <span id="compose-from" className="truncate pt-3 text-sm text-slate-900">
              {identities[0]?.name ? `${identities[0].name} <${from}>` : from}
            </span>
          )}
        </FieldRow>
        <FieldRow label={t('to')} htmlFor="compose-to">
          <AddressField id="to" label={t('to')} value={to} onChange={setTo} suggestions={suggestions} autoFocus={to.length === 0} />
          <div className="flex shrink-0 gap-2 pt-3 text-sm">
            {!showCc && (
              <button type="button" className="text-indigo-700 hover:text-indigo-600" onClick={() => setShowCc(true)} aria-label={t('addCc')}>
                {t('cc')}
              </button>
            )}
            {!showBcc && (
              <button type="button" className="text-indigo-700 hover:text-indigo-600" onClick={() => setShowBcc(true)} aria-label={t('addBcc')}>
                {t('bcc')}
              </button>
            )}
          </div>
        </FieldRow>
        {showCc && (
          <FieldRow label={t('cc')} htmlFor="compose-cc">
            <AddressField id="cc" label={t('cc')} value={cc} onChange={setCc} suggestions={suggestions} />
          </FieldRow>
        )}
        {showBcc && (
          <FieldRow label={t('bcc')} htmlFor="compose-bcc">
            <AddressField id="bcc" label={t('bcc')} value={bcc} onChange={setBcc} suggestions={suggestions} />
          </FieldRow>
        )}
        <FieldRow label={t('subject')} htmlFor="compose-subject">
          {/* autocomplete off: on a reload the browser would restore an older value over the draft's (React keeps its state and does not repaint it). */}
          <input
            id="compose-subject"
            autoComplete="off"
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
            ref={subjectInput}
            className="my-1 block w-full min-w-0 border-0 bg-transparent px-1 py-2 text-sm text-slate-900 focus:ring-0 focus:outline-none"
          />
        </FieldRow>
        <EditorToolbar editor={format === 'html' ? editor : null} extra={<FormatSwitch format={format} onChange={switchFormat} />} />
        <div className={cx(format === 'html' ? 'block' : 'hidden')}>
          <RichEditor editor={editor} />
        </div>
        {format === 'plain' && (
          <textarea
            aria-label={t('body')}
            data-testid="compose-plain"
            autoComplete="off"
            value={plainText}
            onChange={(event) => setPlainText(event.target.value)}
            rows={16}
            className="block min-h-64 w-full resize-y border-0 px-3 py-3 font-mono text-sm text-slate-900 focus:ring-0 focus:outline-none"
          />
        )}
        <Attachments
          files={uploads.files}
          pending={uploads.pending}
          errors={uploads.errors}
          allowance={allowance}
          onPick={uploads.add}
          onRemove={uploads.remove}
          onDismissErrors={uploads.clearErrors}
        />
      </div>
      {dragging && (
        <div className="pointer-events-none absolute inset-2 z-40 flex items-center justify-center rounded-xl border-2 border-dashed border-indigo-400 bg-indigo-50/90 text-sm font-medium text-indigo-800">
          {t('attachments.drop')}
        </div>
      )}
    </form>
  );
}

function FormatSwitch({ format, onChange }: { format: 'html' | 'plain'; onChange(next: 'html' | 'plain'): void }) {
  const t = useTranslations('webmailCompose.format');
  return (
    <fieldset className="flex rounded-md p-0.5 text-xs ring-1 ring-slate-200" data-testid="format-switch">
      <legend className="sr-only">{t('label')}</legend>
      {(['html', 'plain'] as const).map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={format === option}
          onClick={() => onChange(option)}
          className={cx('rounded px-2 py-1 font-medium', format === option ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100')}
        >
          {t(option)}
        </button>
      ))}
    </fieldset>
  );
}
