import fs from 'node:fs/promises';
import path from 'node:path';
import type { Accounts } from './accounts.js';
import { generatePassword } from './passwords.js';

export const FIRST_ADMIN_EMAIL = 'admin@capsule.local';
export const FIRST_ADMIN_FILE = 'first-admin.txt';

/**
 * On the very first start, with no account at all, creates a superuser with a random password
 * and writes the credentials to a file only the owner may read, so whoever installed the
 * instance can sign in and set things up. Returns the file's path when it did.
 */
export async function ensureFirstAdmin(accounts: Accounts, dataDir: string): Promise<string | undefined> {
  if ((await accounts.countUsers()) > 0) return undefined;
  const password = generatePassword();
  await accounts.addUser(FIRST_ADMIN_EMAIL, { isAdmin: true, password });
  const file = path.join(dataDir, FIRST_ADMIN_FILE);
  await fs.writeFile(file, `email: ${FIRST_ADMIN_EMAIL}\npassword: ${password}\n`, { mode: 0o600 });
  return file;
}
