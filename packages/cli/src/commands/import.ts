import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import {
  BIBLIOGRAPHIC_RECORD_SCHEMA,
  importRecords,
  isCapsuleError,
  OPEN_DATA_SCHEMA,
  readBibliographicRecords,
  type Capsule,
  type ImportItem,
  type ImportReport,
} from '@capsule/server';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';
import { progressBar, type ProgressUnit } from '../progress.js';

/** A record the file itself says to leave out, and why. */
export interface SkippedRecord {
  source: string;
  reason: string;
}

type ImportFailure = ImportReport['failed'][number];

/** What a file holds, one entry at a time: a record to import, or one to leave out. */
type FileEntry = ImportItem | SkippedRecord;

/**
 * A file format: how its records are read, streaming, and the schema they go into unless
 * `--schema` names another. `bytesRead` is told the size of every chunk read, for the progress bar.
 * One entry here per `--format`.
 */
interface Reader {
  schema?: string;
  read(file: string, bytesRead: (n: number) => void): AsyncIterable<FileEntry>;
}

async function* fileChunks(file: string, bytesRead: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file)) {
    bytesRead((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

/** A JSON array of records (CERN Open Data portal files), or one record. */
const jsonReader = (schema?: string): Reader => ({
  ...(schema ? { schema } : {}),
  async *read(file, bytesRead) {
    const chunks: Buffer[] = [];
    for await (const chunk of fileChunks(file, bytesRead)) chunks.push(chunk);
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const records = Array.isArray(parsed) ? parsed : [parsed];
    yield* records.map((metadata, i) => ({ source: `${path.basename(file)}#${i}`, metadata }));
  },
});

/** MARCXML or TextMARC, record by record through the MARC crosswalk into bibliographic records. */
const marcReader = (format: 'marcxml' | 'textmarc'): Reader => ({
  schema: BIBLIOGRAPHIC_RECORD_SCHEMA,
  async *read(file, bytesRead) {
    for await (const entry of readBibliographicRecords(fileChunks(file, bytesRead), format)) {
      const source = `${path.basename(file)}#${entry.position}${entry.controlNumber === undefined ? '' : ` (001 ${entry.controlNumber})`}`;
      yield 'skipped' in entry ? { source, reason: entry.skipped } : { source, metadata: entry.metadata };
    }
  },
});

export const READERS: Record<string, Reader> = {
  marcxml: marcReader('marcxml'),
  textmarc: marcReader('textmarc'),
  opendata: jsonReader(OPEN_DATA_SCHEMA),
  json: jsonReader(),
};

export interface BulkOptions extends InstanceOptions {
  schema: string;
  as: string;
  private?: boolean;
  draft?: boolean;
}

/** Records left out or unreadable before they reach the import, and how far the reading has got. */
export interface ReadProgress {
  skipped: SkippedRecord[];
  failed: ImportFailure[];
  /** Total and position in `unit`; by default the records themselves. */
  total: number;
  unit?: ProgressUnit;
  position?: (recordsDone: number) => number;
}

/**
 * Imports records as the given account, with a progress bar, and prints a summary: how many
 * were imported, skipped and failed, with the reason for each one that was not imported. Exit
 * code 1 when any failed.
 */
export async function importAs(capsule: Capsule, options: BulkOptions, label: string, items: Iterable<ImportItem> | AsyncIterable<ImportItem>, read: ReadProgress): Promise<ImportReport> {
  const [name, version] = options.schema.split('@') as [string, string | undefined];
  const schema = await capsule.schemas.get(name, version);
  const owner = await capsule.accounts.ensureUser(options.as);
  const bar = progressBar(label, read.total, read.unit);
  const position = read.position ?? ((done: number) => done);
  const { db, dialect, write } = capsule.database;
  const report = await importRecords({ db, dialect, write, schemas: capsule.schemas }, owner, schema, items, {
    private: options.private ?? false,
    draft: options.draft ?? false,
    onProgress: (done) => bar.update(position(done), done),
  });
  const failed = [...read.failed, ...report.failed];
  bar.finish(report.imported, read.skipped.length, failed.length);
  for (const s of read.skipped) process.stderr.write(`  skipped ${s.source}: ${s.reason}\n`);
  for (const f of failed) {
    process.stderr.write(`  failed ${f.source}: ${f.message}\n`);
    for (const e of f.errors) process.stderr.write(`    ${JSON.stringify(e.field)}: ${e.message}\n`);
  }
  if (failed.length) process.exitCode = 1;
  return { imported: report.imported, failed };
}

/**
 * The records of all files in order. Skipped records and files that cannot be read to the end
 * (malformed XML, a bad TextMARC line, invalid JSON) are noted in `read`; the records before the
 * fault are imported and the next file is read.
 */
async function* recordsOf(files: readonly string[], reader: Reader, read: ReadProgress, bytesRead: (n: number) => void): AsyncGenerator<ImportItem> {
  for (const file of files) {
    try {
      for await (const entry of reader.read(file, bytesRead)) {
        if ('reason' in entry) read.skipped.push(entry);
        else yield entry;
      }
    } catch (e) {
      // A syntax error names its position in its message already; its field errors would only repeat it.
      const errors = isCapsuleError(e) ? e.errors.filter((fe) => fe.message !== e.message) : [];
      read.failed.push({ source: path.basename(file), message: `cannot be read further: ${(e as Error).message}`, errors });
    }
  }
}

export function bulkCommand(name: string): Command {
  return withInstanceOptions(new Command(name))
    .option('--as <email>', 'the importing account (created if needed)', 'importer@capsule.local')
    .option('--private', 'readable only by the importing account (default: published records readable by everyone)');
}

export function importCommand(): Command {
  return bulkCommand('import')
    .description('import records as published records (or drafts), all-or-nothing per record, with a summary of the ones skipped and failed')
    .argument('<files...>', 'files to read')
    .option('--format <format>', `file format: ${Object.keys(READERS).join(', ')}`, 'json')
    .option('--schema <name[@version]>', 'collection schema of the records (default: bibliographic-record for MARC, opendata-record for opendata)')
    .option('--draft', 'import drafts of the importing account instead of published records')
    .action(
      action(async (files: string[], options: Omit<BulkOptions, 'schema'> & { format: string; schema?: string }) => {
        const reader = READERS[options.format];
        if (!reader) throw new Error(`Unknown format ${options.format}; known: ${Object.keys(READERS).join(', ')}.`);
        const schema = options.schema ?? reader.schema;
        if (!schema) throw new Error(`Name the schema of the records with --schema; --format ${options.format} has none of its own.`);
        const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
        let bytes = 0;
        const read: ReadProgress = { skipped: [], failed: [], total: sizes.reduce((a, b) => a + b, 0), unit: 'bytes', position: () => bytes };
        const items = recordsOf(files, reader, read, (n) => (bytes += n));
        await withCapsule(options, (capsule) => importAs(capsule, { ...options, schema }, 'import', items, read));
      }),
    );
}
