import { Command } from 'commander';
import { migrateToLatest, openDatabase } from '@capsule/server';
import { action, configFrom, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

export function migrateCommand(): Command {
  return withInstanceOptions(new Command('migrate'))
    .description('apply pending database migrations')
    .action(
      action(async (options: InstanceOptions) => {
        const database = openDatabase(configFrom(options).databaseUrl);
        try {
          const { applied } = await migrateToLatest(database);
          process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'up to date\n');
        } finally {
          await database.close();
        }
      }),
    );
}
