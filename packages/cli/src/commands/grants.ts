import { Command } from 'commander';
import { COLLECTION_ACTIONS, type Capsule, type CollectionAction, type CollectionGrant } from '@capsule/server';
import { listCommand } from '../list-command.js';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

interface GrantOptions extends InstanceOptions {
  schema: string;
  action: string;
  group?: string;
  user?: string;
  everyone?: boolean;
}

/** The grant the options name: exactly one of --group, --user, --everyone. */
async function grantOf(capsule: Capsule, o: GrantOptions): Promise<CollectionGrant> {
  if (!(COLLECTION_ACTIONS as readonly string[]).includes(o.action)) throw new Error(`--action must be one of ${COLLECTION_ACTIONS.join(', ')}`);
  if ([o.group, o.user, o.everyone].filter(Boolean).length !== 1) throw new Error('Name exactly one of --group, --user or --everyone.');
  // An unknown name fails with the registry's own message; any other fault is not taken for one.
  if ((await capsule.schemas.get(o.schema)).kind !== 'collection') throw new Error(`${o.schema} is a shared schema; grants are on collection schemas.`);
  const base = { schemaName: o.schema, action: o.action as CollectionAction };
  if (o.everyone) return { ...base, subjectType: 'everyone', subject: '*' };
  if (o.group) {
    if (!(await capsule.groups.exists(o.group))) throw new Error(`No group ${o.group}; add it with \`capsule groups add ${o.group}\`.`);
    return { ...base, subjectType: 'group', subject: o.group };
  }
  const user = await capsule.accounts.userByEmail(o.user!);
  if (!user) throw new Error(`No user ${o.user}.`);
  return { ...base, subjectType: 'user', subject: String(user.id) };
}

function grantCommand(name: string, description: string) {
  return withInstanceOptions(new Command(name))
    .description(description)
    .requiredOption('--schema <name>', 'the collection (schema name), e.g. cms-analysis')
    .requiredOption('--action <action>', `${COLLECTION_ACTIONS.join(' or ')}`)
    .option('--group <name>', 'a group')
    .option('--user <email>', 'a user')
    .option('--everyone', 'everyone, signed in or not (record-read only makes sense)');
}

export function grantsCommand(): Command {
  const grants = new Command('grants').description('collection-wide grants: who may create drafts of a schema, who may read its published records');
  grants.addCommand(
    grantCommand('add', 'grant an action on every analysis of a schema').action(
      action(async (options: GrantOptions) => {
        await withCapsule(options, async (capsule) => {
          await capsule.collectionGrants.add(await grantOf(capsule, options));
          process.stdout.write('granted\n');
        });
      }),
    ),
  );
  grants.addCommand(
    grantCommand('remove', 'take a collection-wide grant back').action(
      action(async (options: GrantOptions) => {
        await withCapsule(options, async (capsule) => {
          await capsule.collectionGrants.remove(await grantOf(capsule, options));
          process.stdout.write('removed\n');
        });
      }),
    ),
  );
  grants.addCommand(listCommand('list collection-wide grants', (capsule) => capsule.collectionGrants.list(), (g) => [g.schemaName, g.action, g.subjectType, g.subject]));
  return grants;
}
