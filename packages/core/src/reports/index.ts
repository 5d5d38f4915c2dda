export * from './dmarc-aggregate.ts';
export * from './dmarc-aggregate-build.ts';
export * from './errors.ts';
export * from './from-mail.ts';
export * from './tls-rpt.ts';
export * from './unpack.ts';
