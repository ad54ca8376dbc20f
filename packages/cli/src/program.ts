import { Command } from 'commander';
import { depositsCommand } from './commands/deposits.js';
import { fsckCommand } from './commands/fsck.js';
import { generateCommand } from './commands/generate.js';
import { importCommand } from './commands/import.js';
import { grantsCommand } from './commands/grants.js';
import { groupsCommand } from './commands/groups.js';
import { migrateCommand } from './commands/migrate.js';
import { schemasCommand } from './commands/schemas.js';
import { serveCommand } from './commands/serve.js';
import { tokensCommand } from './commands/tokens.js';
import { usersCommand } from './commands/users.js';

export function buildProgram(): Command {
  const program = new Command('capsule')
    .description('Capsule: preserve physics analyses so they can be understood, checked and rerun')
    .showHelpAfterError()
    .exitOverride((err) => {
      // --help and --version are not failures.
      if (err.exitCode === 0) process.exit(0);
      throw err;
    });
  program.addCommand(serveCommand());
  program.addCommand(migrateCommand());
  program.addCommand(schemasCommand());
  program.addCommand(tokensCommand());
  program.addCommand(usersCommand());
  program.addCommand(groupsCommand());
  program.addCommand(grantsCommand());
  program.addCommand(depositsCommand());
  program.addCommand(fsckCommand());
  program.addCommand(importCommand());
  program.addCommand(generateCommand());
  return program;
}
