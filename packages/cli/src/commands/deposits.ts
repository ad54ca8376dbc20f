import fs from 'node:fs/promises';
import { Command } from 'commander';
import type { Capsule } from '@capsule/server';
import { ALL_SCOPES, depositItem, peopleIn, type Caller, type DepositView } from '@capsule/server';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

interface AsOptions extends InstanceOptions {
  as: string;
  json?: boolean;
}

/** The CLI acts as a user, with the rights a session would have. */
async function callerFor(capsule: Capsule, email: string): Promise<Caller> {
  const user = await capsule.accounts.userByEmail(email);
  if (!user) throw new Error(`No user ${email}; create one with \`capsule users add ${email}\`.`);
  return capsule.accounts.callerFor(user, 'cli', ALL_SCOPES);
}

async function print(capsule: Capsule, caller: Caller, views: DepositView[], json: boolean | undefined) {
  const ctx = { baseUrl: capsule.config.baseUrl, people: await capsule.accounts.usersByIds(peopleIn(views)), caller };
  const items = views.map((v) => depositItem(v, ctx));
  if (json) {
    process.stdout.write(JSON.stringify(items.length === 1 ? items[0] : items, null, 2) + '\n');
    return;
  }
  for (const i of items) process.stdout.write(`${i.id}\t${i.status}\t${i.recid ?? '-'}\t${i.schema.name}\t${i.updated}\n`);
}

function depositCommand(name: string, description: string) {
  return withInstanceOptions(new Command(name))
    .description(description)
    .requiredOption('--as <email>', 'act as this user')
    .option('--json', 'print the item as JSON (the API format)');
}

export function depositsCommand(): Command {
  const deposits = new Command('deposits').description('drafts of analyses (the same services as the API)');
  deposits.addCommand(
    depositCommand('create', 'create a draft from a JSON file holding metadata with $ana_type or $schema')
      .argument('<file>', 'JSON file')
      .action(
        action(async (file: string, options: AsOptions) => {
          const body = JSON.parse(await fs.readFile(file, 'utf8'));
          await withCapsule(options, async (capsule) => {
            const caller = await callerFor(capsule, options.as);
            await print(capsule, caller, [await capsule.deposits.create(caller, body)], options.json);
          });
        }),
      ),
  );
  deposits.addCommand(
    depositCommand('get', 'show one draft')
      .argument('<id>', 'draft id')
      .action(
        action(async (id: string, options: AsOptions) => {
          await withCapsule(options, async (capsule) => {
            const caller = await callerFor(capsule, options.as);
            await print(capsule, caller, [await capsule.deposits.get(caller, id)], options.json);
          });
        }),
      ),
  );
  deposits.addCommand(
    depositCommand('list', 'list the drafts the user may read, newest first')
      .option('--page <n>', 'page, from 1', '1')
      .option('--size <n>', 'items per page', '10')
      .option('--mine', 'only drafts the user created')
      .action(
        action(async (options: AsOptions & { page: string; size: string; mine?: boolean }) => {
          await withCapsule(options, async (capsule) => {
            const caller = await callerFor(capsule, options.as);
            const page = await capsule.deposits.list(caller, { page: options.page, size: options.size, by_me: options.mine ? 'true' : undefined });
            await print(capsule, caller, page.views, options.json);
          });
        }),
      ),
  );
  deposits.addCommand(
    depositCommand('publish', 'publish a draft (full validation; prints the record id)')
      .argument('<id>', 'draft id')
      .action(
        action(async (id: string, options: AsOptions) => {
          await withCapsule(options, async (capsule) => {
            const caller = await callerFor(capsule, options.as);
            await print(capsule, caller, [await capsule.deposits.publish(caller, id)], options.json);
          });
        }),
      ),
  );
  return deposits;
}
