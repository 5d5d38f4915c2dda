export * from './errors.ts';
export * from './domain-name.ts';
export * from './address.ts';
export * from './password-policy.ts';
export * from './passwords.ts';
export * from './size.ts';
export * from './logger.ts';
export { loadConfig, parseConfig, configSchema, type Config } from './config.ts';
export * from './client-config/index.ts';
