import fs from 'node:fs/promises';
import { Command } from 'commander';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description('the schema registry');
  schemas.addCommand(
    withInstanceOptions(new Command('add'))
      .description('add a schema version from a JSON file ({name, version, deposit_schema, ...})')
      .argument('<file>', 'JSON file')
      .action(
        action(async (file: string, options: InstanceOptions) => {
          let body: unknown;
          try {
            body = JSON.parse(await fs.readFile(file, 'utf8'));
          } catch (e) {
            throw new Error(`${file}: ${(e as Error).message}`);
          }
          await withCapsule(options, async (capsule) => {
            const added = await capsule.schemas.add(body);
            process.stdout.write(`added ${added.name} ${added.version}\n`);
          });
        }),
      ),
  );
  schemas.addCommand(
    withInstanceOptions(new Command('list'))
      .description('list every schema version')
      .option('--json', 'print JSON')
      .action(
        action(async (options: InstanceOptions & { json?: boolean }) => {
          await withCapsule(options, async (capsule) => {
            const all = await capsule.schemas.list();
            const rows = all.map((s) => ({ name: s.name, version: s.version, kind: s.kind, experiment: s.experiment, fullname: s.fullname }));
            if (options.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
            else for (const r of rows) process.stdout.write(`${r.name}\t${r.version}\t${r.kind}\t${r.experiment ?? ''}\t${r.fullname}\n`);
          });
        }),
      ),
  );
  return schemas;
}
