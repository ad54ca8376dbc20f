#!/usr/bin/env node
import { buildProgram } from './program.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    // Commands report their own failures; anything reaching here is unexpected.
    process.stderr.write(`capsule: ${(e as Error).message ?? String(e)}\n`);
    process.exitCode = 1;
  });
