import { Command } from 'commander';
import { startServer } from '@capsule/server';
import { action, configFrom, withInstanceOptions, type InstanceOptions } from '../instance-options.js';

export function serveCommand(): Command {
  return withInstanceOptions(new Command('serve'))
    .description('start the service (applies migrations and loads the built-in schemas first)')
    .option('--port <port>', 'port to listen on (CAPSULE_PORT; default 5000)')
    .option('--host <host>', 'address to listen on (CAPSULE_HOST; default 127.0.0.1)')
    .action(
      action(async (options: InstanceOptions & { port?: string; host?: string }) => {
        const server = await startServer(configFrom(options));
        server.capsule.log.info({ address: server.address, database: server.capsule.database.dialect }, 'Capsule is ready');
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          server.capsule.log.info({ signal }, 'stopping');
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      }),
    );
}
