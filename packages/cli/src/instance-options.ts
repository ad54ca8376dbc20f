import { Command } from 'commander';
import { openCapsule, resolveConfig, isCapsuleError, type Capsule, type CapsuleConfig, type ConfigInput } from '@capsule/server';

/** Options every command that touches an instance takes, as `serve` does (flags win over CAPSULE_* variables). */
export interface InstanceOptions {
  data?: string;
  database?: string;
  baseUrl?: string;
  logLevel?: string;
}

export function withInstanceOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (CAPSULE_DATA; default ./var)')
    .option('--database <url>', 'database URL: sqlite:FILE or postgres://... (CAPSULE_DATABASE; default SQLite in the data directory)')
    .option('--base-url <url>', 'public base URL for links and schema ids (CAPSULE_BASE_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (CAPSULE_LOG_LEVEL)');
}

/**
 * The configuration the flags give. A flag's name is its ConfigInput name (`--max-file-size` is
 * `maxFileSize`), but for --data and --database; whatever else a command takes, resolveConfig ignores.
 */
export function configFrom(options: InstanceOptions & ConfigInput): CapsuleConfig {
  const { data, database, ...flags } = options;
  return resolveConfig({ ...flags, dataDir: data, databaseUrl: database });
}

/** Runs a command body against an open instance (commands log only warnings unless asked), closing it after. */
export async function withCapsule<T>(options: InstanceOptions, body: (capsule: Capsule) => Promise<T>): Promise<T> {
  const config = configFrom({ logLevel: 'warn', ...options });
  const capsule = await openCapsule(config);
  try {
    return await body(capsule);
  } finally {
    await capsule.close();
  }
}

/** Prints a failure the way a person reads it (message, then each field) and sets a failing exit code. */
export function reportFailure(e: unknown): void {
  if (isCapsuleError(e)) {
    process.stderr.write(`error: ${e.message}\n`);
    for (const fe of e.errors) process.stderr.write(`  ${JSON.stringify(fe.field)}: ${fe.message}\n`);
  } else {
    process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
  }
  process.exitCode = 1;
}

/** Wraps an action so that its errors are reported and turn into exit code 1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      reportFailure(e);
    }
  };
}
