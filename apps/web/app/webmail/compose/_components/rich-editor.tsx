'use client';

import { type Editor, EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { cx } from '@/components/ui.tsx';
import { BulletListIcon, LinkIcon, OrderedListIcon, QuoteIcon, RedoIcon, UndoIcon } from './editor-icons.tsx';
import { QuotedImageNode } from './image-node.ts';
import { SignatureNode } from './signature-node.ts';

/**
 * ProseMirror's own rules (pre-wrap, word breaks) as classes: Tiptap's injected
 * <style> would be refused by the page's CSP, so injectCSS is off.
 */
const CONTENT_CLASS = cx(
  'px-3 py-3 text-sm leading-relaxed text-slate-900 whitespace-pre-wrap break-words focus:outline-none',
  '[&_p]:my-0 [&_p]:min-h-[1.5em] [&_a]:text-indigo-700 [&_a]:underline',
  '[&_blockquote]:my-2 [&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600',
  '[&_ul]:list-disc [&_ol]:list-decimal [&_ul]:pl-6 [&_ol]:pl-6',
  '[&_.kontor-signature]:mt-4 [&_.kontor-signature]:text-slate-600',
  '[&_img]:inline-block [&_img]:max-w-full [&_img]:h-auto',
);

/** Files dropped or pasted into the text become attachments (the editor shows only a quoted original's images). */
function takeFiles(list: FileList | null | undefined, onFiles?: (files: File[]) => void): boolean {
  if (!onFiles || !list?.length) return false;
  onFiles([...list]);
  return true;
}

export function useRichEditor(options: {
  content: string;
  label: string;
  onChange(html: string): void;
  onFiles?(files: File[]): void;
  testId?: string;
  /** A reply or forward starts with the cursor above the quote. */
  autofocusStart?: boolean;
  /** The text area's height: a message gets room, a signature a few lines. */
  minHeight?: 'message' | 'signature';
}) {
  return useEditor({
    // Rendered in the browser only: the server has no DOM for ProseMirror.
    immediatelyRender: false,
    injectCSS: false,
    extensions: [
      StarterKit.configure({ heading: false, codeBlock: false, code: false, horizontalRule: false, link: { openOnClick: false, autolink: true } }),
      SignatureNode,
      QuotedImageNode,
    ],
    content: options.content,
    autofocus: options.autofocusStart ? 'start' : false,
    editorProps: {
      attributes: {
        class: cx(CONTENT_CLASS, options.minHeight === 'signature' ? 'min-h-24' : 'min-h-64'),
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': options.label,
        ...(options.testId ? { 'data-testid': options.testId } : {}),
      },
      handleDrop: (_view, event) => takeFiles((event as DragEvent).dataTransfer?.files, options.onFiles),
      handlePaste: (_view, event) => takeFiles(event.clipboardData?.files, options.onFiles),
    },
    onUpdate: ({ editor }) => options.onChange(editor.getHTML()),
  });
}

function ToolButton({ label, active, onClick, children }: { label: string; active?: boolean; onClick(): void; children: ReactNode }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      aria-pressed={active}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className={cx(
        'inline-flex size-8 items-center justify-center rounded-md text-sm text-slate-700 hover:bg-slate-100',
        active && 'bg-indigo-50 text-indigo-700 ring-1 ring-indigo-200',
      )}
    >
      {children}
    </button>
  );
}

function askLink(editor: Editor, prompt: string) {
  const current = (editor.getAttributes('link').href as string | undefined) ?? 'https://';
  const href = window.prompt(prompt, current);
  if (href === null) return;
  if (href.trim() === '' || href.trim() === 'https://') editor.chain().focus().extendMarkRange('link').unsetLink().run();
  else editor.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
}

export function EditorToolbar({ editor, extra }: { editor: Editor | null; extra?: ReactNode }) {
  const t = useTranslations('webmailCompose.toolbar');
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            bold: e.isActive('bold'),
            italic: e.isActive('italic'),
            underline: e.isActive('underline'),
            strike: e.isActive('strike'),
            bulletList: e.isActive('bulletList'),
            orderedList: e.isActive('orderedList'),
            blockquote: e.isActive('blockquote'),
            link: e.isActive('link'),
          }
        : null,
  });
  if (!editor) {
    return (
      <div className="flex min-h-10 items-center border-b border-slate-200 px-1.5 py-1">
        {extra && <div className="ml-auto flex items-center">{extra}</div>}
      </div>
    );
  }
  const chain = () => editor.chain().focus();
  return (
    <div
      role="toolbar"
      aria-label={t('label')}
      className="flex flex-wrap items-center gap-0.5 border-b border-slate-200 px-1.5 py-1"
      data-testid="editor-toolbar"
    >
      <ToolButton label={t('bold')} active={state?.bold} onClick={() => chain().toggleBold().run()}>
        <b>B</b>
      </ToolButton>
      <ToolButton label={t('italic')} active={state?.italic} onClick={() => chain().toggleItalic().run()}>
        <i className="font-serif">I</i>
      </ToolButton>
      <ToolButton label={t('underline')} active={state?.underline} onClick={() => chain().toggleUnderline().run()}>
        <u>U</u>
      </ToolButton>
      <ToolButton label={t('strike')} active={state?.strike} onClick={() => chain().toggleStrike().run()}>
        <s>S</s>
      </ToolButton>
      <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden />
      <ToolButton label={t('bulletList')} active={state?.bulletList} onClick={() => chain().toggleBulletList().run()}>
        <BulletListIcon />
      </ToolButton>
      <ToolButton label={t('orderedList')} active={state?.orderedList} onClick={() => chain().toggleOrderedList().run()}>
        <OrderedListIcon />
      </ToolButton>
      <ToolButton label={t('quote')} active={state?.blockquote} onClick={() => chain().toggleBlockquote().run()}>
        <QuoteIcon />
      </ToolButton>
      <ToolButton label={t('link')} active={state?.link} onClick={() => askLink(editor, t('linkPrompt'))}>
        <LinkIcon />
      </ToolButton>
      <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden />
      <ToolButton label={t('undo')} onClick={() => chain().undo().run()}>
        <UndoIcon />
      </ToolButton>
      <ToolButton label={t('redo')} onClick={() => chain().redo().run()}>
        <RedoIcon />
      </ToolButton>
      {extra && <div className="ml-auto flex items-center">{extra}</div>}
    </div>
  );
}

export function RichEditor({ editor }: { editor: Editor | null }) {
  return <EditorContent editor={editor} className="min-h-0 flex-1" />;
}
