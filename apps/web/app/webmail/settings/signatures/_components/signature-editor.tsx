'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { EditorToolbar, RichEditor, useRichEditor } from '@/app/webmail/compose/_components/rich-editor.tsx';
import { Alert, buttonClass } from '@/components/ui.tsx';
import { type SignatureSaveResult, saveSignatureAction } from '../actions.ts';

/** One identity's signature in the compose form's editor, saved as HTML and as plain text lines. */
export function SignatureEditor({ identity, html }: { identity: string; html: string }) {
  const t = useTranslations('webmailCompose.signatures');
  const [result, setResult] = useState<SignatureSaveResult | null>(null);
  const [pending, startTransition] = useTransition();
  const editor = useRichEditor({ content: html, label: t('forIdentity', { address: identity }), onChange: () => setResult(null), minHeight: 'signature' });
  const save = () => {
    if (!editor) return;
    const text = editor.getText({ blockSeparator: '\n' }).trim();
    const value = text ? editor.getHTML() : '';
    startTransition(async () => setResult(await saveSignatureAction({ identity, html: value, text })));
  };
  return (
    <div className="space-y-3" data-testid="signature-editor" data-identity={identity}>
      <div className="overflow-hidden rounded-lg bg-white ring-1 ring-slate-300">
        <EditorToolbar editor={editor} />
        <RichEditor editor={editor} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonClass.primary} onClick={save} disabled={pending || !editor} data-testid="save-signature">
          {t('save')}
        </button>
        <span className="text-xs text-slate-500">{t('emptyHint')}</span>
      </div>
      {result && (
        <Alert tone={result.ok ? 'green' : 'red'}>
          <span data-testid="signature-result">{result.message}</span>
        </Alert>
      )}
    </div>
  );
}
