import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Loads Prisma's schema engine compiled to WebAssembly. Its package imports
 * the .wasm file as an ES module, which Node 20 cannot, so we instantiate it
 * ourselves and hand it to the package's JS bindings.
 */
export async function loadSchemaEngine(): Promise<typeof import('@prisma/schema-engine-wasm')> {
  const require = createRequire(import.meta.url);
  const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bindings = await import(bindingsPath);
  const bytes = readFileSync(path.join(path.dirname(bindingsPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return bindings;
}
