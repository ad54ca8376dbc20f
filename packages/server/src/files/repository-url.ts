import { CapsuleError } from '../errors/capsule-error.js';

/** A git repository and the ref a snapshot names, from a URL as GitHub and GitLab write them. */
export interface RepositoryRef {
  /** What `git fetch` is given: the scheme, host and repository path, nothing else. */
  cloneUrl: string;
  protocol: 'http' | 'https' | 'git';
  /** Host name, lower case, without the port. */
  hostname: string;
  /** Host name with a port if one was given: the first folder of the snapshot's key. */
  host: string;
  port: number;
  /** Everything before the repository name (`owner`, or `group/subgroup` on GitLab). */
  owner: string;
  name: string;
  /** A branch, tag or commit id; undefined: the repository's default branch. */
  ref: string | undefined;
}

const invalid = (message: string) => new CapsuleError('bad_request', message, [{ field: ['url'], message }]);

/** Markers after which a web URL names a ref: GitHub's `/tree/x`, `/commit/x`, `/releases/tag/x`; GitLab's `/-/tree/x` and so on. */
const REF_MARKERS = [['-', 'tree'], ['-', 'commit'], ['-', 'tags'], ['-', 'releases'], ['tree'], ['commit'], ['releases', 'tag']];

/**
 * Refs are passed to git: they must read as refs, never as options or paths (no leading `-`,
 * no `..`, no `@{`, only the characters branch and tag names use in practice).
 */
export function checkRef(ref: string): string {
  if (
    !/^[A-Za-z0-9][A-Za-z0-9._/+-]{0,254}$/.test(ref) ||
    ref.includes('..') ||
    ref.includes('//') ||
    ref.endsWith('/') ||
    ref.endsWith('.lock') ||
    ref.endsWith('.')
  ) {
    throw invalid(`${JSON.stringify(ref)} is not a branch, tag or commit name Capsule accepts.`);
  }
  return ref;
}

/** A percent-decoded part of the URL; a malformed escape is the caller's mistake, not ours. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`${JSON.stringify(part)} has a malformed %-escape.`);
  }
}

const segmentOk = (s: string) => /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,99}$/.test(s) && s !== '.' && s !== '..';

/**
 * Parses `https://github.com/owner/repo[.git][/tree/<ref>|/commit/<id>|/releases/tag/<tag>]`,
 * GitLab's `/-/tree/<ref>` forms, `git://host[:port]/owner/repo[.git]`, and a `#<ref>` fragment
 * on any of them. Only http, https and git URLs, without credentials or a query.
 */
export function parseRepositoryUrl(raw: unknown): RepositoryRef {
  if (typeof raw !== 'string' || raw.trim() === '') throw invalid('url is required: the address of a git repository.');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(`${JSON.stringify(raw)} is not a URL.`);
  }
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https' && protocol !== 'git') throw invalid(`Only http, https and git URLs can be fetched, not ${url.protocol}.`);
  if (url.username || url.password) throw invalid('A repository URL must not carry credentials.');
  if (url.search) throw invalid('A repository URL must not carry a query.');
  const segments = url.pathname.split('/').filter((s) => s !== '').map(decoded);
  let refFromPath: string | undefined;
  for (let i = 2; i < segments.length && refFromPath === undefined; i++) {
    const marker = REF_MARKERS.find((m) => m.every((part, j) => segments[i + j] === part) && segments.length > i + m.length);
    if (marker) {
      refFromPath = segments.slice(i + marker.length).join('/');
      segments.length = i;
    }
  }
  const fragment = url.hash ? decoded(url.hash.slice(1)) : undefined;
  if (refFromPath !== undefined && fragment) throw invalid('Name the ref once: in the path or after #, not both.');
  if (segments.length < 2) throw invalid('A repository URL names an owner and a repository: https://host/owner/repository.');
  if (!segments.every(segmentOk)) throw invalid('The repository path has characters Capsule does not accept.');
  const name = segments[segments.length - 1]!.replace(/\.git$/, '');
  const owner = segments.slice(0, -1).join('/');
  const ref = refFromPath ?? fragment;
  const port = url.port ? Number(url.port) : protocol === 'https' ? 443 : protocol === 'http' ? 80 : 9418;
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return {
    cloneUrl: `${url.protocol}//${url.host}/${segments.join('/')}`,
    protocol,
    hostname,
    host: url.port ? `${hostname}:${url.port}` : hostname,
    port,
    owner,
    name,
    ref: ref === undefined || ref === '' ? undefined : checkRef(ref),
  };
}
