import type { Command } from 'commander';

/** File and repository snapshot limits as commander names them; they are also ConfigInput's names. */
export interface FileFlags {
  maxFileSize?: string;
  bucketQuota?: string;
  gitHosts?: string;
  gitTimeout?: string;
  gitMaxSize?: string;
}

/** Limits of uploads and git snapshots. The webhook secret is read from CAPSULE_WEBHOOK_SECRET only: flags show in process lists. */
export function withFileOptions(command: Command): Command {
  return command
    .option('--max-file-size <bytes>', 'largest file one upload may store (CAPSULE_MAX_FILE_SIZE; default 10 GiB)')
    .option('--bucket-quota <bytes>', "most bytes one draft's files may hold (CAPSULE_BUCKET_QUOTA; default 50 GiB)")
    .option(
      '--git-hosts <hosts>',
      'comma-separated hosts git snapshots may be fetched from; a loopback or private address only when listed itself (CAPSULE_GIT_HOSTS; default github.com,gitlab.com,gitlab.cern.ch)',
    )
    .option('--git-timeout <ms>', 'longest a git fetch may take (CAPSULE_GIT_TIMEOUT; default 120000)')
    .option('--git-max-size <bytes>', 'largest repository fetched, and largest snapshot archive (CAPSULE_GIT_MAX_SIZE; default 1 GiB)');
}
