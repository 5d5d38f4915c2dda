/**
 * The certificate every listener serves, kept current: a renewed
 * TLS_CERT_FILE/TLS_KEY_FILE (or a SIGHUP) gives new handshakes the new
 * certificate while open sessions keep theirs. A new pair that does not
 * load (half-written, key of another certificate) leaves the old one in
 * place and is logged as an error; the next change tries again.
 */
import { X509Certificate } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type tls from 'node:tls';
import { type Config, createPolicySecureContext, type Logger } from '@kontor/core';
import { type Certificate, loadCertificate } from './certificate.ts';

export interface TlsSource {
  /** The pair in use now. */
  readonly certificate: Certificate;
  /** The context for the next handshake. */
  secureContext(): tls.SecureContext;
  /** Called after each successful reload (smtp-server keeps contexts of its own). */
  onReload(listener: (certificate: Certificate) => void): void;
  /** Reads the files again; resolves to true when a new certificate is in use. */
  reload(reason: string): Promise<boolean>;
  /** Stops watching the files. */
  close(): void;
}

type CertificateConfig = Pick<Config, 'TLS_CERT_FILE' | 'TLS_KEY_FILE' | 'DATA_DIR' | 'MAIL_HOSTNAME'>;

export interface TlsSourceOptions {
  log: Logger;
  /** A burst of file events (a renewal writes two files, often by rename) becomes one reload. */
  debounceMs?: number;
}

export async function createTlsSource(config: CertificateConfig, options: TlsSourceOptions): Promise<TlsSource> {
  const { log } = options;
  let certificate = await loadCertificate(config);
  let context = createPolicySecureContext(certificate);
  const listeners: ((certificate: Certificate) => void)[] = [];
  let reloading: Promise<boolean> = Promise.resolve(false);

  const reloadOnce = async (reason: string): Promise<boolean> => {
    let next: Certificate;
    let nextContext: tls.SecureContext;
    try {
      next = await loadCertificate(config);
      nextContext = createPolicySecureContext(next);
    } catch (error) {
      log.error({ err: error, reason, certFile: config.TLS_CERT_FILE }, 'TLS certificate not reloaded; the previous one stays in use');
      return false;
    }
    if (next.cert.equals(certificate.cert) && next.key.equals(certificate.key)) return false;
    certificate = next;
    context = nextContext;
    for (const listener of listeners) listener(next);
    log.info({ reason, certFile: config.TLS_CERT_FILE, fingerprint: new X509Certificate(next.cert).fingerprint256 }, 'TLS certificate reloaded');
    return true;
  };

  const watchers =
    config.TLS_CERT_FILE && config.TLS_KEY_FILE
      ? watchFiles(
          [config.TLS_CERT_FILE, config.TLS_KEY_FILE],
          options.debounceMs ?? 500,
          () => {
            void source.reload('file changed');
          },
          log,
        )
      : { close() {} };

  const source: TlsSource = {
    get certificate() {
      return certificate;
    },
    secureContext: () => context,
    onReload: (listener) => void listeners.push(listener),
    reload(reason) {
      // One at a time, so two bursts cannot finish in the wrong order.
      reloading = reloading.then(() => reloadOnce(reason));
      return reloading;
    },
    close: () => watchers.close(),
  };
  return source;
}

/**
 * Watches the directories, not the files: renewals (certbot's symlinks,
 * Kubernetes secret mounts) replace files by rename, which a watch on the
 * old inode would never see.
 */
function watchFiles(files: string[], debounceMs: number, onChange: () => void, log: Logger): { close(): void } {
  const names = new Set(files.map((file) => path.resolve(file)));
  const dirs = new Set([...names].map((file) => path.dirname(file)));
  let timer: NodeJS.Timeout | undefined;
  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const dir of dirs) {
    try {
      const watcher = watch(dir, (_event, name) => {
        // Without a name (some platforms) any change in the directory counts; `..data` is Kubernetes' swap link.
        if (!name || names.has(path.join(dir, name.toString())) || name.toString() === '..data') trigger();
      });
      watcher.on('error', (error) => log.warn({ err: error, dir }, 'watching the TLS certificate directory failed; SIGHUP still reloads'));
      watchers.push(watcher);
    } catch (error) {
      log.warn({ err: error, dir }, 'cannot watch the TLS certificate directory; SIGHUP still reloads');
    }
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
