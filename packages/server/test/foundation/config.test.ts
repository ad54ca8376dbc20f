import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { CapsuleError } from '../../src/errors/capsule-error.js';

describe('configuration', () => {
  it('defaults to 127.0.0.1:5000 with SQLite in ./var', () => {
    const c = resolveConfig({}, {});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 5000, dataDir: path.resolve('var'), baseUrl: 'http://127.0.0.1:5000', logLevel: 'info' });
    expect(c.databaseUrl).toBe(`sqlite:${path.resolve('var', 'capsule.sqlite')}`);
  });

  it('takes CAPSULE_* variables, and flags over them', () => {
    const env = { CAPSULE_PORT: '7000', CAPSULE_HOST: '0.0.0.0', CAPSULE_DATA: '/tmp/x', CAPSULE_DATABASE: 'postgres://u@h/db', CAPSULE_BASE_URL: 'https://cap.example.org/' };
    expect(resolveConfig({}, env)).toMatchObject({ port: 7000, host: '0.0.0.0', dataDir: '/tmp/x', databaseUrl: 'postgres://u@h/db', baseUrl: 'https://cap.example.org' });
    expect(resolveConfig({ port: '7001', databaseUrl: 'sqlite:/tmp/y.sqlite' }, env)).toMatchObject({ port: 7001, databaseUrl: 'sqlite:/tmp/y.sqlite' });
  });

  it('refuses bad values with a message naming the option', () => {
    const refuses = (input: Parameters<typeof resolveConfig>[0], pattern: RegExp) => {
      expect(() => resolveConfig(input, {})).toThrow(CapsuleError);
      expect(() => resolveConfig(input, {})).toThrow(pattern);
    };
    refuses({ port: 'eighty' }, /port must be an integer/);
    refuses({ port: 70000 }, /port must be an integer from 0 to 65535/);
    refuses({ databaseUrl: 'mysql://x' }, /database must be a sqlite: path or a postgres:\/\/ URL/);
    refuses({ baseUrl: 'not a url' }, /base-url must be an absolute URL/);
    refuses({ baseUrl: 'ftp://x' }, /base-url must be an http or https URL/);
    refuses({ logLevel: 'chatty' }, /log-level must be one of/);
  });
});
