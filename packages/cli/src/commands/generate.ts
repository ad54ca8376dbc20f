import { Command } from 'commander';
import { generateCmsAnalysis, type ImportItem } from '@capsule/server';
import { action, withCapsule } from '../instance-options.js';
import { bulkCommand, importAs, type BulkOptions } from './import.js';

/** Seeded generators of realistic records, by schema. */
const GENERATORS: Record<string, (seed: number, index: number) => Record<string, unknown>> = { 'cms-analysis': generateCmsAnalysis };

function* generated(generate: (seed: number, index: number) => Record<string, unknown>, seed: number, count: number): Generator<ImportItem> {
  for (let i = 0; i < count; i++) yield { source: `#${i}`, metadata: generate(seed, i) };
}

export function generateCommand(): Command {
  return bulkCommand('generate')
    .requiredOption('--schema <name[@version]>', 'collection schema of the records')
    .description('create synthetic published records (the same arguments give the same records)')
    .option('--count <n>', 'how many', '1000')
    .option('--seed <n>', 'series', '1')
    .action(
      action(async (options: BulkOptions & { count: string; seed: string }) => {
        const name = options.schema.split('@')[0]!;
        const generate = GENERATORS[name];
        if (!generate) throw new Error(`No generator for ${name}; there is one for ${Object.keys(GENERATORS).join(', ')}.`);
        const count = Number(options.count);
        const seed = Number(options.seed);
        if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(seed)) throw new Error('--count and --seed must be whole numbers, --count from 1.');
        await withCapsule(options, (capsule) => importAs(capsule, options, 'generate', generated(generate, seed, count), { skipped: [], failed: [], total: count }));
      }),
    );
}
