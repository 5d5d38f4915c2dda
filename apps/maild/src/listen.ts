import type { Listener } from './role-context.ts';

/** What net.Server, tls.Server and SMTPServer have in common. */
export interface ListenableServer {
  once(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  removeListener(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  listen(port: number, host: string, callback: () => void): unknown;
  close(callback: () => void): unknown;
}

/** Listens, turning "port in use" into one clear error. */
export function listen(name: string, server: ListenableServer, port: number, host: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`${name}: port ${port} on ${host} is already in use`) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      resolve({ name, port, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}
