import { Command } from 'commander';
import { listCommand } from '../list-command.js';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

export function groupsCommand(): Command {
  const groups = new Command('groups').description('groups of users (e-groups)');
  groups.addCommand(
    withInstanceOptions(new Command('add'))
      .description('add a group')
      .argument('<name>')
      .option('--description <text>', 'what the group is', '')
      .action(
        action(async (name: string, options: InstanceOptions & { description: string }) => {
          await withCapsule(options, async (capsule) => {
            await capsule.groups.add(name, options.description);
            process.stdout.write(`added group ${name}\n`);
          });
        }),
      ),
  );
  for (const [verb, what] of [['add-member', 'add a user to a group'], ['remove-member', 'remove a user from a group']] as const) {
    groups.addCommand(
      withInstanceOptions(new Command(verb))
        .description(what)
        .argument('<group>')
        .argument('<email>')
        .action(
          action(async (group: string, email: string, options: InstanceOptions) => {
            await withCapsule(options, async (capsule) => {
              const user = await capsule.accounts.userByEmail(email);
              if (!user) throw new Error(`No user ${email}.`);
              if (verb === 'add-member') await capsule.groups.addMember(group, user);
              else await capsule.groups.removeMember(group, user);
              process.stdout.write(`${verb === 'add-member' ? 'added' : 'removed'} ${user.email} ${verb === 'add-member' ? 'to' : 'from'} ${group}\n`);
            });
          }),
        ),
    );
  }
  groups.addCommand(listCommand('list groups and their members', (capsule) => capsule.groups.list(), (g) => [g.name, g.members.join(', ')]));
  return groups;
}
