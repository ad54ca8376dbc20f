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
 * Loads every built-in schema file; safe to run at every start. Files may `$ref` each other
 * in any order: a file whose references are not stored yet is retried after the others.
 */
export async function loadBuiltinSchemas(registry: SchemaRegistry, dir = BUILTIN_SCHEMAS_DIR): Promise<BuiltinLoadReport> {
  const report: BuiltinLoadReport = { added: [], unchanged: [], conflicting: [] };
  let pending: { file: string; input: SchemaInput }[] = [];
  for (const file of await jsonFiles(dir)) {
    pending.push({ file, input: JSON.parse(await fs.readFile(file, 'utf8')) as SchemaInput });
  }
  while (pending.length > 0) {
    const failed: { file: string; input: SchemaInput; error: unknown }[] = [];
    for (const item of pending) {
      const label = `${item.input.name}@${item.input.version}`;
      try {
        const stored = await registry.get(item.input.name, item.input.version).catch(() => undefined);
        if (stored) {
          const same =
            JSON.stringify(stored.deposit_schema) === JSON.stringify(item.input.deposit_schema) &&
            JSON.stringify(stored.record_schema) === JSON.stringify(item.input.record_schema ?? item.input.deposit_schema);
          (same ? report.unchanged : report.conflicting).push(label);
          continue;
        }
        await registry.add(item.input);
        report.added.push(label);
      } catch (error) {
        failed.push({ ...item, error });
      }
    }
    if (failed.length === pending.length) {
      const first = failed[0]!;
      const reason = first.error instanceof CapsuleError ? `${first.error.message} ${JSON.stringify(first.error.errors)}` : String(first.error);
      throw new Error(`Built-in schema ${path.basename(first.file)} cannot be loaded: ${reason}`);
    }
    pending = failed;
  }
  return report;
}
