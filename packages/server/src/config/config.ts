import path from 'node:path';
import { invalidConfiguration as invalid } from './configuration-error.js';
import { resolveTlsSetting, type TlsSetting } from './tls-setting.js';
import { parseTrustProxy, type TrustProxySetting } from './trust-proxy-setting.js';
import { OIDC_ENV_NAMES, resolveOidcProviders, type OidcOption, type OidcProviderConfig } from './oidc-providers.js';

/** Everything a Capsule instance is configured with. Resolved once, then read-only. */
export interface CapsuleConfig {
  readonly host: string;
  readonly port: number;
  /** Directory for the SQLite file, stored files and anything else the instance keeps. */
  readonly dataDir: string;
  /** `sqlite:` file URL or `postgres://` URL. */
  readonly databaseUrl: string;
  /** Public base URL, used in links and schema `$id`s; no trailing slash. */
  readonly baseUrl: string;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest file one upload may store, in bytes. */
  readonly maxFileSize: number;
  /** Most bytes one bucket (a draft's files) may hold. */
  readonly bucketQuota: number;
  /** Hosts git snapshots may be fetched from; loopback and private addresses only when listed here. */
  readonly gitHosts: readonly string[];
  /** Longest a git fetch may take, in milliseconds. */
  readonly gitTimeout: number;
  /** Largest repository snapshot (the fetched objects, and the archive), in bytes. */
  readonly gitMaxSize: number;
  /** Shared secret that signs repository webhook deliveries (HMAC-SHA256); none: webhooks are refused. */
  readonly webhookSecret: string | undefined;
  /** HTTPS served by this process: none, certificate files, or a generated development certificate. */
  readonly tls: TlsSetting;
  /** Whose X-Forwarded-* headers count (fastify's trustProxy); off unless set. */
  readonly trustProxy: TrustProxySetting;
  /**
   * Browsers reach this instance over HTTPS: it serves TLS itself, or its public base URL is
   * https (a TLS-terminating proxy in front). Session cookies are `Secure` when this is true.
   */
  readonly secureCookies: boolean;
  /** A browser session unused for this many minutes ends. */
  readonly sessionIdleMinutes: number;
  /** A browser session ends this many hours after sign-in, however active. */
  readonly sessionMaxHours: number;
  /** OpenID Connect providers people may sign in with; none: local accounts only. */
  readonly oidcProviders: readonly OidcProviderConfig[];
}

/** What a caller sets: each field of the configuration, except those derived (`secureCookies`) or set in parts (`tls` with `tlsCert` and `tlsKey`; `oidcProviders` as JSON or one provider from the `oidc*` options). */
type ConfigOption = Exclude<keyof CapsuleConfig, 'secureCookies'> | 'tlsCert' | 'tlsKey' | OidcOption;

/** What a caller may set, from flags or environment; every field optional. */
export type ConfigInput = Partial<Record<ConfigOption, string | number | undefined>>;

/** `CAPSULE_<NAME>` environment variables, one per option. */
const ENV_NAMES: Record<ConfigOption, string> = {
  host: 'CAPSULE_HOST',
  port: 'CAPSULE_PORT',
  dataDir: 'CAPSULE_DATA',
  databaseUrl: 'CAPSULE_DATABASE',
  baseUrl: 'CAPSULE_BASE_URL',
  bodyLimit: 'CAPSULE_BODY_LIMIT',
  logLevel: 'CAPSULE_LOG_LEVEL',
  maxFileSize: 'CAPSULE_MAX_FILE_SIZE',
  bucketQuota: 'CAPSULE_BUCKET_QUOTA',
  gitHosts: 'CAPSULE_GIT_HOSTS',
  gitTimeout: 'CAPSULE_GIT_TIMEOUT',
  gitMaxSize: 'CAPSULE_GIT_MAX_SIZE',
  webhookSecret: 'CAPSULE_WEBHOOK_SECRET',
  tls: 'CAPSULE_TLS',
  tlsCert: 'CAPSULE_TLS_CERT',
  tlsKey: 'CAPSULE_TLS_KEY',
  trustProxy: 'CAPSULE_TRUST_PROXY',
  sessionIdleMinutes: 'CAPSULE_SESSION_IDLE_MINUTES',
  sessionMaxHours: 'CAPSULE_SESSION_MAX_HOURS',
  ...OIDC_ENV_NAMES,
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(name: string, raw: string | number, min: number, max: number): number {
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Flags win over environment variables, which win over defaults. */
export function resolveConfig(input: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): CapsuleConfig {
  const pick = (key: ConfigOption): string | number | undefined => {
    const fromInput = input[key];
    if (fromInput !== undefined && fromInput !== '') return fromInput;
    const fromEnv = env[ENV_NAMES[key]];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };

  const host = String(pick('host') ?? '127.0.0.1');
  const port = integer('port', pick('port') ?? 5000, 0, 65535);
  const dataDir = path.resolve(String(pick('dataDir') ?? 'var'));
  const databaseUrl = String(pick('databaseUrl') ?? `sqlite:${path.join(dataDir, 'capsule.sqlite')}`);
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw invalid('database', `must be a sqlite: path or a postgres:// URL, got ${JSON.stringify(databaseUrl)}`);
  }
  const text = (key: ConfigOption) => {
    const value = pick(key);
    return value === undefined ? undefined : String(value);
  };
  const tls = resolveTlsSetting({ tls: text('tls'), tlsCert: text('tlsCert'), tlsKey: text('tlsKey') }, dataDir);
  const trustProxy = parseTrustProxy(pick('trustProxy'));
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const scheme = tls.mode === 'none' ? 'http' : 'https';
  const baseUrl = String(pick('baseUrl') ?? `${scheme}://${displayHost}:${port}`).replace(/\/+$/, '');
  let parsedBase: URL;
  try {
    parsedBase = new URL(baseUrl);
  } catch {
    throw invalid('base-url', `must be an absolute URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (parsedBase.protocol !== 'http:' && parsedBase.protocol !== 'https:') {
    throw invalid('base-url', 'must be an http or https URL');
  }
  const bodyLimit = integer('body-limit', pick('bodyLimit') ?? 10 * 1024 * 1024, 1024, 1024 ** 3);
  const logLevel = String(pick('logLevel') ?? 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw invalid('log-level', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const maxFileSize = integer('max-file-size', pick('maxFileSize') ?? 10 * 1024 ** 3, 0, Number.MAX_SAFE_INTEGER);
  const bucketQuota = integer('bucket-quota', pick('bucketQuota') ?? 50 * 1024 ** 3, 0, Number.MAX_SAFE_INTEGER);
  const gitHosts = String(pick('gitHosts') ?? 'github.com,gitlab.com,gitlab.cern.ch')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const gitTimeout = integer('git-timeout', pick('gitTimeout') ?? 120_000, 1_000, 3_600_000);
  const gitMaxSize = integer('git-max-size', pick('gitMaxSize') ?? 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER);
  return {
    host,
    port,
    dataDir,
    databaseUrl,
    baseUrl,
    bodyLimit,
    logLevel: logLevel as CapsuleConfig['logLevel'],
    maxFileSize,
    bucketQuota,
    gitHosts,
    gitTimeout,
    gitMaxSize,
    webhookSecret: text('webhookSecret'),
    tls,
    trustProxy,
    secureCookies: tls.mode !== 'none' || parsedBase.protocol === 'https:',
    sessionIdleMinutes: integer('session-idle-minutes', pick('sessionIdleMinutes') ?? 120, 1, 7 * 24 * 60),
    sessionMaxHours: integer('session-max-hours', pick('sessionMaxHours') ?? 12, 1, 24 * 90),
    oidcProviders: resolveOidcProviders(text),
  };
}
