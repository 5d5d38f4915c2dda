import type { SMTPServer } from 'smtp-server';

export interface Listener {
  name: string;
  port: number;
  close(): Promise<void>;
}

/** Listens, turning "port in use" into one clear error. */
export function listen(name: string, server: SMTPServer, port: number, host: string): Promise<Listener> {
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
