import { Command } from 'commander';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('personal access tokens');
  tokens.addCommand(
    withInstanceOptions(new Command('create'))
      .description('create a token for EMAIL (the account is created if needed); prints only the token')
      .argument('<email>', "the user's email")
      .option('--scopes <scopes>', 'comma-separated scopes', 'deposit:write')
      .option('--name <name>', 'what the token is for', 'cli')
      .option('--expires-days <days>', 'lifetime in days (default: no expiry)')
      .action(
        action(async (email: string, options: InstanceOptions & { scopes: string; name: string; expiresDays?: string }) => {
          await withCapsule(options, async (capsule) => {
            const created = await capsule.accounts.createToken(email, {
              name: options.name,
              scopes: options.scopes.split(',').map((s) => s.trim()).filter(Boolean),
              ...(options.expiresDays !== undefined ? { expiresInDays: Number(options.expiresDays) } : {}),
            });
            process.stdout.write(`${created.token}\n`);
          });
        }),
      ),
  );
  return tokens;
}
