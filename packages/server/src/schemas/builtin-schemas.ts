import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CapsuleError } from '../errors/capsule-error.js';
import type { SchemaRegistry } from './schema-registry.js';
import type { SchemaInput } from './schema-types.js';

/** The repository's schemas/ folder (same depth from src/ and dist/). */
export const BUILTIN_SCHEMAS_DIR = fileURLToPath(new URL('../../../../schemas/', import.meta.url));

export interface BuiltinLoadReport {
  added: string[];
  unchanged: string[];
  /** Files whose version is already stored with other content: the stored one is kept, since versions are immutable. */
  conflicting: string[];
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Loads every built-in schema file; safe to run at every start. Versions already stored are
 * compared and kept; the new ones are added together (they may `$ref` each other), all or none.
 */
export async function loadBuiltinSchemas(registry: SchemaRegistry, dir = BUILTIN_SCHEMAS_DIR): Promise<BuiltinLoadReport> {
  const report: BuiltinLoadReport = { added: [], unchanged: [], conflicting: [] };
  const fresh: SchemaInput[] = [];
  for (const file of await jsonFiles(dir)) {
    let input: SchemaInput;
    try {
      input = JSON.parse(await fs.readFile(file, 'utf8')) as SchemaInput;
    } catch (e) {
      throw new Error(`Built-in schema ${path.basename(file)} is not JSON: ${(e as Error).message}`);
    }
    const label = `${input.name}@${input.version}`;
    const stored = await registry.get(input.name, input.version).catch(() => undefined);
    if (!stored) {
      fresh.push(input);
      continue;
    }
    const same =
      JSON.stringify(stored.deposit_schema) === JSON.stringify(input.deposit_schema) &&
      JSON.stringify(stored.record_schema) === JSON.stringify(input.record_schema ?? input.deposit_schema);
    (same ? report.unchanged : report.conflicting).push(label);
  }
  if (fresh.length === 0) return report;
  try {
    await registry.addAll(fresh);
  } catch (e) {
    const reason = e instanceof CapsuleError ? `${e.message} ${JSON.stringify(e.errors)}` : String(e);
    throw new Error(`Built-in schemas cannot be loaded: ${reason}`);
  }
  report.added.push(...fresh.map((i) => `${i.name}@${i.version}`));
  return report;
}
