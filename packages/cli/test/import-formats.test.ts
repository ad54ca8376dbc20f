import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, openCapsule, resolveConfig, type Capsule, type Caller } from '@capsule/server';

const BIN = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../dist/bin.js');
const FIXTURES = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../shared/fixtures');
const MARCXML_DIR = path.join(FIXTURES, 'marc', 'marcxml');
const MARCXML_FILES = fs
  .readdirSync(MARCXML_DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((f) => path.join(MARCXML_DIR, f));
const TEXTMARC_FILE = path.join(FIXTURES, 'marc', 'textmarc', 'invenio-demo-recid85-and-1.of-tm.txt');
const DEMO_FILE = path.join(MARCXML_DIR, 'invenio-legacy-demo-cds-11records.xml');
const OPEN_DATA_FILES = ['records', 'samples'].flatMap((folder) =>
  fs.readdirSync(path.join(FIXTURES, 'opendata', folder)).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(FIXTURES, 'opendata', folder, f)),
);
const exec = promisify(execFile);

/** How many records the MARCXML fixtures hold: one <record> element each. */
const MARCXML_RECORDS = MARCXML_FILES.reduce((n, f) => n + (fs.readFileSync(f, 'utf8').match(/<record[\s>]/g) ?? []).length, 0);

describe('capsule import of MARC and open data files', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-import-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Runs `capsule import`; resolves with its exit code and output whatever the code. */
  const runImport = async (args: string[]) => {
    try {
      const { stdout, stderr } = await exec(process.execPath, [BIN, 'import', ...args, '--data', dataDir], { env: { ...process.env, CAPSULE_LOG_LEVEL: 'silent' } });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  /** Opens the instance the command wrote to, to look at it as the API would. */
  async function inspect<T>(look: (capsule: Capsule, as: (email: string) => Promise<Caller>) => Promise<T>): Promise<T> {
    const capsule = await openCapsule(resolveConfig({ dataDir, logLevel: 'silent' }, {}));
    try {
      return await look(capsule, async (email) => capsule.accounts.callerFor((await capsule.accounts.userByEmail(email))!, 'cli', ALL_SCOPES));
    } finally {
      await capsule.close();
    }
  }
  const anonymous: Caller = { kind: 'anonymous' };
  const publishedTotal = (capsule: Capsule, caller: Caller, collection: string) => capsule.records.list(caller, { collection }).then((p) => p.total);

  it('imports every fixture from a clean start: all MARCXML, the TextMARC file and all open data files, exit 0', async () => {
    const marcxml = await runImport(['--format', 'marcxml', ...MARCXML_FILES]);
    expect(marcxml.code, marcxml.stderr).toBe(0);
    // The INSPIRE HepNames record describes a person, not a work: it is skipped and says why.
    expect(marcxml.stderr).toContain(`import: ${MARCXML_RECORDS - 1} imported, 1 skipped, 0 failed`);
    expect(marcxml.stderr).toMatch(/skipped 1502655\.xml#0 \(001 1502655\): an authority record \(980 \$a HEPNAMES\)/);
    const textmarc = await runImport(['--format', 'textmarc', TEXTMARC_FILE]);
    expect(textmarc.code, textmarc.stderr).toBe(0);
    expect(textmarc.stderr).toContain('import: 2 imported, 0 skipped, 0 failed');
    const opendata = await runImport(['--format', 'opendata', ...OPEN_DATA_FILES]);
    expect(opendata.code, opendata.stderr).toBe(0);
    expect(opendata.stderr).toMatch(/import: \d+ imported, 0 skipped, 0 failed/);
    await inspect(async (capsule) => {
      // Published and public, in the schema each format goes into by default.
      expect(await publishedTotal(capsule, anonymous, 'bibliographic-record')).toBe(MARCXML_RECORDS - 1 + 2);
      expect(await publishedTotal(capsule, anonymous, 'opendata-record')).toBe(Number(/import: (\d+) imported/.exec(opendata.stderr)![1]));
    });
  }, 180_000);

  it('reports a bad record and an unreadable file, imports the others, and exits 1', async () => {
    const demo = fs.readFileSync(DEMO_FILE, 'utf8');
    // The third record gets a DOI that is not one: it fails validation, alone.
    const records = demo.split('<record>');
    records[3] = records[3]!.replace('</record>', '<datafield tag="024" ind1="7" ind2=" "><subfield code="2">DOI</subfield><subfield code="a">not a DOI</subfield></datafield></record>');
    const bad = path.join(dataDir, 'bad-record.xml');
    fs.writeFileSync(bad, records.join('<record>'));
    // A file whose XML breaks after its first record: that record is imported, the rest cannot be read.
    const broken = path.join(dataDir, 'broken.xml');
    const firstEnd = demo.indexOf('</record>') + '</record>'.length;
    fs.writeFileSync(broken, `${demo.slice(0, firstEnd)}\n<record><datafield tag="245"></record>`);
    const result = await runImport(['--format', 'marcxml', bad, broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('import: 11 imported, 0 skipped, 2 failed');
    expect(result.stderr).toMatch(/failed bad-record\.xml#2: Validation error\.\n {4}\["dois",0,"value"\]: /);
    expect(result.stderr).toMatch(/failed broken\.xml: cannot be read further: MARCXML, line \d+, column \d+: /);
    await inspect(async (capsule) => expect(await publishedTotal(capsule, anonymous, 'bibliographic-record')).toBe(11));
  });

  it('imports drafts of the importing account with --draft, and private records with --private', async () => {
    const drafts = await runImport(['--format', 'textmarc', '--draft', '--as', 'librarian@example.org', TEXTMARC_FILE]);
    expect(drafts.code, drafts.stderr).toBe(0);
    const hidden = await runImport(['--format', 'marcxml', '--private', '--as', 'librarian@example.org', DEMO_FILE]);
    expect(hidden.code, hidden.stderr).toBe(0);
    await inspect(async (capsule, as) => {
      const librarian = await as('librarian@example.org');
      const own = await capsule.deposits.list(librarian, { collection: 'bibliographic-record', size: '100' });
      const drafts = own.views.filter((v) => v.head.status === 'draft');
      expect(drafts.map((v) => v.head.metadata.control_number).sort()).toEqual(['1', '85']);
      expect(drafts.every((v) => v.head.recid === null && v.rights.admin)).toBe(true);
      // Private published records: the importer reads them, nobody else does.
      expect(await publishedTotal(capsule, librarian, 'bibliographic-record')).toBe(11);
      expect(await publishedTotal(capsule, anonymous, 'bibliographic-record')).toBe(0);
      await capsule.accounts.ensureUser('someone@example.org');
      expect(await publishedTotal(capsule, await as('someone@example.org'), 'bibliographic-record')).toBe(0);
      expect((await capsule.deposits.list(await as('someone@example.org'), {})).total).toBe(0);
    });
  });

  it('refuses a format it does not know, and json without a schema', async () => {
    const unknown = await runImport(['--format', 'mods', DEMO_FILE]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown format mods; known: marcxml, textmarc, opendata, json');
    const json = await runImport(['--format', 'json', DEMO_FILE]);
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('--schema');
  });
});
