import { Command } from 'commander';
import type { Capsule } from '@capsule/server';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from './instance-options.js';

/**
 * A `list` subcommand: loads items from the instance and prints them as tab-separated rows,
 * or as JSON with --json.
 */
export function listCommand<T>(description: string, load: (capsule: Capsule) => Promise<T[]>, row: (item: T) => readonly unknown[]): Command {
  return withInstanceOptions(new Command('list'))
    .description(description)
    .option('--json', 'print JSON')
    .action(
      action(async (options: InstanceOptions & { json?: boolean }) => {
        await withCapsule(options, async (capsule) => {
          const items = await load(capsule);
          if (options.json) process.stdout.write(JSON.stringify(items, null, 2) + '\n');
          else for (const item of items) process.stdout.write(row(item).map((v) => String(v ?? '')).join('\t') + '\n');
        });
      }),
    );
}
