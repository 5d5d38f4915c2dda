/**
 * The certificates every listener serves, kept current. The default one is
 * TLS_CERT_FILE/TLS_KEY_FILE when set, else the automatic (ACME)
 * certificate of MAIL_HOSTNAME, else a self-signed one; every automatic
 * certificate is also served by SNI for the names it covers. A reload (the
 * files changed, SIGHUP, or the certificate job announced a new one) gives
 * new handshakes the new certificates while open sessions keep theirs. A
 * pair that does not load (half-written, key of another certificate)
 * leaves the old one in place and is logged as an error.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type tls from 'node:tls';
import { type Config, createPolicySecureContext, type Logger, type SniCallback } from '@kontor/core';
import { type Certificate, loadCertificate } from './certificate.ts';

/** An automatic certificate as the database holds it, decrypted. */
export interface IssuedPair {
  names: string[];
  cert: Buffer;
  key: Buffer;
}

export interface TlsSource {
  /** The default pair in use now (clients that send no name, or a name without a certificate of its own). */
  readonly certificate: Certificate;
  /** The context for the next handshake without a matching SNI name. */
  secureContext(): tls.SecureContext;
  /** Node's SNICallback: the context of the automatic certificate for the name, else the default. */
  sniCallback: SniCallback;
  /** Hex serial of the certificate served for a name now. */
  serialFor(servername: string): string;
  /** Called after each reload that changed the default pair (smtp-server keeps contexts of its own). */
  onReload(listener: (certificate: Certificate) => void): void;
  /** Reads the files and the automatic certificates again; resolves to true when anything new is in use. */
  reload(reason: string): Promise<boolean>;
  /** Stops watching the files. */
  close(): void;
}

type CertificateConfig = Pick<Config, 'TLS_CERT_FILE' | 'TLS_KEY_FILE' | 'DATA_DIR' | 'MAIL_HOSTNAME'>;

export interface TlsSourceOptions {
  log: Logger;
  /** A burst of file events (a renewal writes two files, often by rename) becomes one reload. */
  debounceMs?: number;
  /** The automatic certificates, read on each reload; unset: only the default pair. */
  loadIssued?: () => Promise<IssuedPair[]>;
}

interface Served {
  context: tls.SecureContext;
  cert: Buffer;
  key: Buffer;
}

interface State {
  certificate: Certificate;
  context: tls.SecureContext;
  byName: Map<string, Served>;
  /** Digest of everything served: a reload that changes nothing keeps the contexts. */
  signature: string;
}

export async function createTlsSource(config: CertificateConfig, options: TlsSourceOptions): Promise<TlsSource> {
  const { log } = options;
  let state = await buildState(config, options, undefined);
  const listeners: ((certificate: Certificate) => void)[] = [];
  let reloading: Promise<boolean> = Promise.resolve(false);

  const reloadOnce = async (reason: string): Promise<boolean> => {
    let next: State;
    try {
      next = await buildState(config, options, state);
    } catch (error) {
      log.error({ err: error, reason, certFile: config.TLS_CERT_FILE }, 'TLS certificate not reloaded; the previous one stays in use');
      return false;
    }
    if (next.signature === state.signature) return false;
    const defaultChanged = !next.certificate.cert.equals(state.certificate.cert) || !next.certificate.key.equals(state.certificate.key);
    state = next;
    if (defaultChanged) for (const listener of listeners) listener(next.certificate);
    log.info(
      {
        reason,
        certFile: config.TLS_CERT_FILE,
        fingerprint: new X509Certificate(next.certificate.cert).fingerprint256,
        names: Object.fromEntries([...next.byName].map(([name, served]) => [name, new X509Certificate(served.cert).serialNumber])),
      },
      'TLS certificate reloaded',
    );
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
      return state.certificate;
    },
    secureContext: () => state.context,
    sniCallback: (servername, callback) => callback(null, state.byName.get(servername.toLowerCase())?.context ?? state.context),
    serialFor: (servername) => new X509Certificate(state.byName.get(servername.toLowerCase())?.cert ?? state.certificate.cert).serialNumber,
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

/** Everything served after a (re)load; a bad automatic pair keeps what `previous` served for its names. */
async function buildState(config: CertificateConfig, options: TlsSourceOptions, previous: State | undefined): Promise<State> {
  const { log } = options;
  let issued: IssuedPair[] | undefined = [];
  if (options.loadIssued) {
    issued = await options.loadIssued().catch((error: unknown) => {
      log.error({ err: error }, 'automatic certificates not read; the ones in use stay');
      return undefined;
    });
  }
  const byName = new Map<string, Served>();
  if (!issued && previous) for (const [name, served] of previous.byName) byName.set(name, served);
  for (const pair of issued ?? []) {
    try {
      const context = createPolicySecureContext(pair);
      for (const name of pair.names) byName.set(name.toLowerCase(), { context, cert: pair.cert, key: pair.key });
    } catch (error) {
      log.error({ err: error, names: pair.names }, 'automatic certificate does not load; the previous one stays in use');
      for (const name of pair.names) {
        const kept = previous?.byName.get(name.toLowerCase());
        if (kept) byName.set(name.toLowerCase(), kept);
      }
    }
  }
  const manual = Boolean(config.TLS_CERT_FILE || config.TLS_KEY_FILE);
  const own = manual ? undefined : byName.get(config.MAIL_HOSTNAME.toLowerCase());
  const certificate: Certificate = own ? { cert: own.cert, key: own.key, selfSigned: false } : await loadCertificate(config);
  const context = own ? own.context : createPolicySecureContext(certificate);
  const digest = createHash('sha256').update(certificate.cert).update(certificate.key);
  for (const [name, served] of [...byName].sort(([a], [b]) => a.localeCompare(b))) digest.update(name).update(served.cert).update(served.key);
  return { certificate, context, byName, signature: digest.digest('hex') };
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
