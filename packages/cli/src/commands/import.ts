import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { importRecords, type Capsule, type ImportItem, type ImportReport } from '@capsule/server';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';
import { progressBar } from '../progress.js';

/** Reads the records of one file. A format is one entry here; `--format` picks it. */
type Reader = (file: string) => Promise<ImportItem[]>;

/** A JSON array of records (CERN Open Data portal files), or one record. */
const readJson: Reader = async (file) => {
  const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
  const records = Array.isArray(parsed) ? parsed : [parsed];
  return records.map((metadata, i) => ({ source: `${path.basename(file)}#${i}`, metadata }));
};

export const READERS: Record<string, Reader> = { opendata: readJson, json: readJson };

export interface BulkOptions extends InstanceOptions {
  schema: string;
  as: string;
  private?: boolean;
}

/** Imports records as the given account, with a progress bar, and prints the failures at the end. */
export async function importAs(capsule: Capsule, options: BulkOptions, label: string, total: number, items: Iterable<ImportItem>): Promise<ImportReport> {
  const [name, version] = options.schema.split('@') as [string, string | undefined];
  const schema = await capsule.schemas.get(name, version);
  const owner = await capsule.accounts.ensureUser(options.as);
  const bar = progressBar(label, total);
  const { db, dialect, write } = capsule.database;
  const report = await importRecords({ db, dialect, write, schemas: capsule.schemas }, owner, schema, items, {
    private: options.private ?? false,
    onProgress: (done) => bar.update(done),
  });
  bar.finish(report.imported, report.failed.length);
  for (const f of report.failed) {
    process.stderr.write(`  ${f.source}: ${f.message}\n`);
    for (const e of f.errors) process.stderr.write(`    ${JSON.stringify(e.field)}: ${e.message}\n`);
  }
  if (report.failed.length) process.exitCode = 1;
  return report;
}

export function bulkCommand(name: string): Command {
  return withInstanceOptions(new Command(name))
    .requiredOption('--schema <name[@version]>', 'collection schema of the records')
    .option('--as <email>', 'the importing account (created if needed)', 'importer@capsule.local')
    .option('--private', 'readable only by the importing account (default: published records readable by everyone)');
}

export function importCommand(): Command {
  return bulkCommand('import')
    .description('import records as published records, all-or-nothing per record, with a list of the ones that failed')
    .argument('<files...>', 'files to read')
    .option('--format <format>', `file format: ${Object.keys(READERS).join(', ')}`, 'json')
    .action(
      action(async (files: string[], options: BulkOptions & { format: string }) => {
        const read = READERS[options.format];
        if (!read) throw new Error(`Unknown format ${options.format}; known: ${Object.keys(READERS).join(', ')}.`);
        const items = (await Promise.all(files.map(read))).flat();
        await withCapsule(options, (capsule) => importAs(capsule, options, 'import', items.length, items));
      }),
    );
}
