/** The logging the server does (pino's Logger fits). */
export interface ImapLogger {
  debug(data: object, message?: string): void;
  info(data: object, message?: string): void;
  warn(data: object, message?: string): void;
  error(data: object, message?: string): void;
}

export const silentLogger: ImapLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
