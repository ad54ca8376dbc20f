import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { CapsuleError } from '../../src/errors/capsule-error.js';

describe('file and git snapshot options', () => {
  it('has defaults, read from CAPSULE_* variables, overridden by flags', () => {
    expect(resolveConfig({}, {})).toMatchObject({
      maxFileSize: 10 * 1024 ** 3,
      bucketQuota: 50 * 1024 ** 3,
      gitHosts: ['github.com', 'gitlab.com', 'gitlab.cern.ch'],
      gitTimeout: 120_000,
      gitMaxSize: 1024 ** 3,
      webhookSecret: undefined,
    });
    const env = { CAPSULE_MAX_FILE_SIZE: '1000', CAPSULE_BUCKET_QUOTA: '5000', CAPSULE_GIT_HOSTS: ' GitLab.example.org , 10.0.0.5 ', CAPSULE_WEBHOOK_SECRET: 's3cret' };
    expect(resolveConfig({}, env)).toMatchObject({ maxFileSize: 1000, bucketQuota: 5000, gitHosts: ['gitlab.example.org', '10.0.0.5'], webhookSecret: 's3cret' });
    expect(resolveConfig({ maxFileSize: '2000', gitHosts: 'github.com' }, env)).toMatchObject({ maxFileSize: 2000, gitHosts: ['github.com'] });
  });

  it.each([
    [{ maxFileSize: '-1' }, /max-file-size must be an integer/],
    [{ bucketQuota: '1.5' }, /bucket-quota must be an integer/],
    [{ gitTimeout: '10' }, /git-timeout must be an integer from 1000/],
    [{ gitMaxSize: 'lots' }, /git-max-size must be an integer/],
  ])('refuses %o', (input, message) => {
    expect(() => resolveConfig(input, {})).toThrow(CapsuleError);
    expect(() => resolveConfig(input, {})).toThrow(message);
  });
});
