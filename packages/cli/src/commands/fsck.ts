import { Command } from 'commander';
import { isFileCheckClean, type FileCheckReport } from '@capsule/server';
import { action, withCapsule, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

function print(report: FileCheckReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`checked ${report.checked.files} files, ${report.checked.bytes} bytes`);
  for (const c of report.corrupt) out(`corrupt: ${c.location} (file ${c.fileId}): ${c.reason}`);
  for (const m of report.missing) out(`missing: ${m.location} (file ${m.fileId}) is recorded but not stored`);
  for (const u of report.unreferencedBlobs) out(`unreferenced: ${u.location} (${u.size} bytes) is stored but not recorded`);
  for (const u of report.unreferencedFiles) out(`unused: ${u.location} (file ${u.fileId}) is in no bucket; collected at the next start`);
  for (const t of report.temporaries) out(`temporary: ${t.name} (${t.size} bytes) from an unfinished upload${t.removed ? ', removed' : ''}`);
  out(isFileCheckClean(report) ? 'clean' : 'problems found');
}

export function fsckCommand(): Command {
  return withInstanceOptions(new Command('fsck'))
    .description('re-read every stored file and compare it with its recorded checksums; report missing, unreferenced and temporary files')
    .option('--repair', 'remove temporaries of unfinished uploads (nothing else is ever removed)')
    .option('--grace <seconds>', 'keep temporaries touched this recently: an upload may still be writing them', '60')
    .option('--json', 'print the report as JSON')
    .action(
      action(async (options: InstanceOptions & { repair?: boolean; grace: string; json?: boolean }) => {
        const grace = Number(options.grace);
        if (!Number.isFinite(grace) || grace < 0) throw new Error(`--grace must be a number of seconds, got ${JSON.stringify(options.grace)}`);
        await withCapsule(options, async (capsule) => {
          const report = await capsule.buckets.check({ repair: options.repair === true, graceMs: grace * 1000 });
          if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          else print(report);
          if (!isFileCheckClean(report)) process.exitCode = 1;
        });
      }),
    );
}
