import { describe, expect, it } from 'vitest';
import { CapsuleError } from '../../src/errors/capsule-error.js';
import { allowedAddress } from '../../src/files/git-host-policy.js';
import { parseRepositoryUrl } from '../../src/files/repository-url.js';

describe('repository URLs as GitHub and GitLab write them', () => {
  it.each([
    ['https://github.com/cms-cat/analysis', 'https://github.com/cms-cat/analysis', 'cms-cat', 'analysis', undefined],
    ['https://github.com/cms-cat/analysis.git', 'https://github.com/cms-cat/analysis.git', 'cms-cat', 'analysis', undefined],
    ['https://github.com/cms-cat/analysis/tree/release/2024', 'https://github.com/cms-cat/analysis', 'cms-cat', 'analysis', 'release/2024'],
    ['https://github.com/cms-cat/analysis/releases/tag/v1.2.0', 'https://github.com/cms-cat/analysis', 'cms-cat', 'analysis', 'v1.2.0'],
    ['https://github.com/cms-cat/analysis/commit/0123abcd', 'https://github.com/cms-cat/analysis', 'cms-cat', 'analysis', '0123abcd'],
    ['https://gitlab.cern.ch/atlas/physics/higgs/-/tree/main', 'https://gitlab.cern.ch/atlas/physics/higgs', 'atlas/physics', 'higgs', 'main'],
    ['https://gitlab.cern.ch/atlas/higgs/-/tags/v3', 'https://gitlab.cern.ch/atlas/higgs', 'atlas', 'higgs', 'v3'],
    ['git://git.example.org:9999/team/code.git#stable', 'git://git.example.org:9999/team/code.git', 'team', 'code', 'stable'],
  ])('%s', (url, cloneUrl, owner, name, ref) => {
    expect(parseRepositoryUrl(url)).toMatchObject({ cloneUrl, owner, name, ref });
  });

  it('keeps the port in the host of the key', () => {
    expect(parseRepositoryUrl('git://127.0.0.1:9418/a/b')).toMatchObject({ host: '127.0.0.1:9418', hostname: '127.0.0.1', port: 9418 });
    expect(parseRepositoryUrl('https://GitHub.com/a/b')).toMatchObject({ host: 'github.com', port: 443 });
  });

  it.each([
    ['no owner', 'https://github.com/analysis'],
    ['a query', 'https://github.com/a/b?x=1'],
    ['a path segment ..', 'https://github.com/a/%2E%2E/b'],
    ['a ref with ..', 'https://github.com/a/b/tree/x..y'],
    ['a ref twice', 'https://github.com/a/b/tree/main#dev'],
    ['a malformed escape in the path', 'https://github.com/a/b/tree/%E0%A4%A'],
    ['a malformed escape in the fragment', 'https://github.com/a/b#%ZZ'],
    ['not a URL', 'github.com/a/b'],
    ['no URL at all', 42],
  ])('refuses %s', (_name, url) => {
    expect(() => parseRepositoryUrl(url)).toThrow(CapsuleError);
  });
});

describe('git hosts: an allow-list, and internal addresses only when listed by address', () => {
  const repo = (url: string) => parseRepositoryUrl(url);

  it('refuses a host that is not listed', async () => {
    await expect(allowedAddress(repo('https://evil.example/a/b'), ['github.com'])).rejects.toThrow(/not on this server's list/);
  });

  it('refuses a listed name that resolves to loopback, and accepts the address when it is listed', async () => {
    await expect(allowedAddress(repo('http://localhost:8080/a/b'), ['localhost'])).rejects.toThrow(/internal address/);
    await expect(allowedAddress(repo('http://localhost:8080/a/b'), ['localhost', '127.0.0.1', '::1'])).resolves.toMatch(/^(127\.0\.0\.1|::1)$/);
    await expect(allowedAddress(repo('http://10.1.2.3/a/b'), ['10.1.2.3'])).resolves.toBe('10.1.2.3');
    await expect(allowedAddress(repo('http://[::1]/a/b'), ['::1'])).resolves.toBe('::1');
    await expect(allowedAddress(repo('http://[::1]/a/b'), ['github.com'])).rejects.toThrow(/not on this server's list/);
  });
});
