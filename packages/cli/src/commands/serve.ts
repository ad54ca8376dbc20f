import { Command, Option } from 'commander';
import { action, configFrom, withInstanceOptions, type InstanceOptions } from '../instance-options.js';
import { withFileOptions, type FileFlags } from '../file-options.js';
import { withOidcOptions, type OidcFlags } from '../oidc-options.js';

/** How and where `serve` listens: address, HTTPS, and which proxies it believes. */
interface ServeFlags {
  port?: string;
  host?: string;
  tls?: string;
  tlsCert?: string;
  tlsKey?: string;
  trustProxy?: string;
}

export function serveCommand(): Command {
  return withFileOptions(withOidcOptions(withInstanceOptions(new Command('serve'))))
    .description('start the service (applies migrations and loads the built-in schemas first)')
    .option('--port <port>', 'port to listen on (CAPSULE_PORT; default 5000)')
    .option('--host <host>', 'address to listen on (CAPSULE_HOST; default 127.0.0.1)')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (chain); needs --tls-key (CAPSULE_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert (CAPSULE_TLS_KEY)')
    .option('--tls <mode>', 'self-signed: serve HTTPS with a development certificate for localhost, made once in <data>/tls/ (CAPSULE_TLS)')
    .addOption(
      new Option(
        '--trust-proxy [proxies]',
        'believe X-Forwarded-* headers from: every peer (bare flag), the nearest N hops, or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal (CAPSULE_TRUST_PROXY; default: nobody)',
      ).preset('true'),
    )
    .action(
      action(async (options: InstanceOptions & ServeFlags & OidcFlags & FileFlags) => {
        // Loaded here, not with the program: every other command starts without the HTTP stack.
        const { startServer } = await import('@capsule/server/server');
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
