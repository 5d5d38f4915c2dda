import type { UploadedFile } from '@/lib/webmail/compose/compose-input.ts';

export type UploadOutcome = { ok: true; file: UploadedFile } | { ok: false; tooLarge: boolean; message: string | null };

/**
 * One file to the upload route by XMLHttpRequest: fetch() cannot report an
 * upload's progress. The browser adds the Origin header the route checks.
 */
export function uploadFile(composeId: string, file: File, onProgress: (loaded: number, total: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/webmail/upload?c=${encodeURIComponent(composeId)}`);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      let body: { message?: string; error?: string } & Partial<UploadedFile> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy's error page.
      }
      if (xhr.status === 200 && body.id) resolve({ ok: true, file: body as UploadedFile });
      else resolve({ ok: false, tooLarge: xhr.status === 413, message: body.message ?? null });
    };
    xhr.onerror = () => resolve({ ok: false, tooLarge: false, message: null });
    xhr.send(file);
  });
}

export function removeUploaded(composeId: string, id: string): void {
  fetch(`/webmail/upload?c=${encodeURIComponent(composeId)}&id=${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => undefined);
}
