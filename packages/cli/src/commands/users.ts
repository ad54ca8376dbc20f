import { Command } from 'commander';
import { listCommand } from '../list-command.js';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function usersCommand(): Command {
  const users = new Command('users').description('accounts');
  users.addCommand(
    withInstanceOptions(new Command('add'))
      .description('add a local account')
      .argument('<email>')
      .option('--admin', 'a superuser, who may do everything')
      .option('--password-stdin', 'read a password from standard input (for signing in with email and password)')
      .action(
        action(async (email: string, options: InstanceOptions & { admin?: boolean; passwordStdin?: boolean }) => {
          const password = options.passwordStdin ? await readStdin() : undefined;
          await withCapsule(options, async (capsule) => {
            const user = await capsule.accounts.addUser(email, { isAdmin: options.admin ?? false, ...(password !== undefined ? { password } : {}) });
            process.stdout.write(`added ${user.email}${user.isAdmin ? ' (admin)' : ''}\n`);
          });
        }),
      ),
  );
  users.addCommand(listCommand('list accounts', (capsule) => capsule.accounts.listUsers(), (u) => [u.email, u.isAdmin ? 'admin' : '-', u.active ? 'active' : 'disabled']));
  users.addCommand(
    withInstanceOptions(new Command('disable'))
      .description('disable an account: its tokens stop working and its sessions end')
      .argument('<email>')
      .action(
        action(async (email: string, options: InstanceOptions) => {
          await withCapsule(options, async (capsule) => {
            await capsule.accounts.disableUser(email);
            process.stdout.write(`disabled ${email}\n`);
          });
        }),
      ),
  );
  return users;
}
