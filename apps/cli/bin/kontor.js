#!/usr/bin/env node
// The `kontor` admin command. Compiles the TypeScript sources in-process with
// tsx (no child process, no build step) and runs src/main.ts.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// A command lives about a second: compiling Prisma's WebAssembly query
// compiler a second time with the optimizing tier would only burn CPU
// (about a third of a run's CPU time).
setFlagsFromString('--liftoff-only');
register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
