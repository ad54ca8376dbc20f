import fs from 'node:fs/promises';
import { Command } from 'commander';
import { listCommand } from '../list-command.js';
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
    listCommand(
      'list every schema version',
      async (capsule) => (await capsule.schemas.list()).map((s) => ({ name: s.name, version: s.version, kind: s.kind, experiment: s.experiment, fullname: s.fullname })),
      (s) => [s.name, s.version, s.kind, s.experiment, s.fullname],
    ),
  );
  return schemas;
}
