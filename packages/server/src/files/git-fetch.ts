import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { CapsuleError } from '../errors/capsule-error.js';
import type { RepositoryRef } from './repository-url.js';

export interface FetchLimits {
  /** Where scratch repositories are made (and removed). */
  workDir: string;
  timeoutMs: number;
  /** Largest fetched repository, on disk. */
  maxBytes: number;
}

/** One commit of a repository, fetched into a scratch repository until `dispose`. */
export interface FetchedTree {
  commit: string;
  /** The ref it was fetched by: the one asked for, or the name of the default branch. */
  ref: string;
  /** Commit time, ISO 8601. */
  committed: string;
  /** A .tar.gz of the commit's tree under `<name>/`; `done` settles when git has written all of it, or failed. */
  archive(): { stream: Readable; done: Promise<void> };
  /** Removes the scratch repository and ends an archive still being written. */
  dispose(): Promise<void>;
}

const MAX_OUTPUT = 4 * 1024 * 1024;

const fetchFailed = (message: string) => new CapsuleError('bad_gateway', message);

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * Runs git with nothing from the machine's or a user's configuration, no prompts, only the
 * network protocols allowed, no redirects, and the host pinned to the address that was checked.
 */
class GitRunner {
  readonly #env: NodeJS.ProcessEnv;
  readonly #config: string[];
  readonly #deadline: number;
  readonly #timeoutMs: number;
  readonly #watchDir: string;
  readonly #maxBytes: number;

  constructor(home: string, pin: string[], limits: FetchLimits) {
    this.#env = {
      PATH: process.env.PATH,
      HOME: home,
      LANG: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ALLOW_PROTOCOL: 'http:https:git',
      GIT_ASKPASS: '/bin/false',
    };
    this.#config = ['-c', 'protocol.file.allow=never', '-c', 'http.followRedirects=false', '-c', 'credential.helper=', '-c', 'core.hooksPath=/dev/null', ...pin];
    this.#deadline = Date.now() + limits.timeoutMs;
    this.#timeoutMs = limits.timeoutMs;
    this.#watchDir = home;
    this.#maxBytes = limits.maxBytes;
  }

  /** Runs to completion; stdout as text. A failure names git's own complaint. */
  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(args);
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout.length < MAX_OUTPUT ? (stdout += d) : undefined));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr.length < 16_384 ? (stderr += d) : undefined));
      let failure: CapsuleError | undefined;
      const timer = setTimeout(() => {
        failure = fetchFailed(`The repository did not answer in time: a snapshot may take ${this.#timeoutMs / 1000} s.`);
        child.kill('SIGKILL');
      }, Math.max(0, this.#deadline - Date.now()));
      const watch = setInterval(() => {
        void directorySize(this.#watchDir).then((size) => {
          if (size > this.#maxBytes && !failure) {
            failure = new CapsuleError('payload_too_large', `The repository is larger than the ${this.#maxBytes} bytes this server fetches.`);
            child.kill('SIGKILL');
          }
        });
      }, 250);
      child.once('error', (e) => {
        failure ??= new CapsuleError('unavailable', `git could not be run: ${e.message}`);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        clearInterval(watch);
        if (failure) reject(failure);
        else if (code !== 0) reject(new GitFailure(stderr.trim().split('\n').slice(-3).join(' ')));
        else resolve(stdout);
      });
    });
  }

  spawn(args: string[]) {
    return spawn('git', [...this.#config, ...args], { env: this.#env, stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

/** git exited with an error; its message is in `message`. */
class GitFailure extends Error {}

const isCommitId = (ref: string) => /^[0-9a-f]{7,40}$/i.test(ref);

/** The git URL to fetch from, and the git options that pin its host to `address`. */
function pinned(repo: RepositoryRef, address: string): { url: string; pin: string[] } {
  if (repo.protocol === 'git') {
    const literal = address.includes(':') ? `[${address}]` : address;
    return { url: repo.cloneUrl.replace(/^git:\/\/[^/]+/, `git://${literal}:${repo.port}`), pin: [] };
  }
  return { url: repo.cloneUrl, pin: ['-c', `http.curloptResolve=${repo.hostname}:${repo.port}:${address}`] };
}

/**
 * Fetches one commit of `repo` (its ref, or the default branch) into a scratch repository:
 * a branch or tag shallowly; a commit id directly when the server allows it, else with the
 * full history. The repository not answering is 502; a ref it does not have is 400.
 */
export async function fetchTree(repo: RepositoryRef, address: string, limits: FetchLimits): Promise<FetchedTree> {
  await fs.mkdir(limits.workDir, { recursive: true });
  const home = await fs.mkdtemp(path.join(limits.workDir, 'git-'));
  // An archive whose reader gave up (a size limit) leaves git blocked on a full pipe: dispose ends it.
  const archiving = new Set<ChildProcess>();
  const dispose = async () => {
    for (const child of archiving) {
      child.kill('SIGKILL');
      child.stdout!.destroy(); // its unread output would otherwise hold back 'close'
    }
    await fs.rm(home, { recursive: true, force: true });
  };
  const { url, pin } = pinned(repo, address);
  const git = new GitRunner(home, pin, limits);
  const scratch = path.join(home, 'repository.git');
  const where = `${repo.host}/${repo.owner}/${repo.name}`;
  try {
    await git.run(['init', '--bare', '-q', '--template=', scratch]);
    let advertised: string;
    try {
      advertised = await git.run(['ls-remote', '--symref', '--end-of-options', url]);
    } catch (e) {
      throw e instanceof GitFailure ? fetchFailed(`The repository ${where} could not be read: ${e.message}`) : e;
    }
    const refs = new Map(advertised.split('\n').filter((l) => /^[0-9a-f]{40}\t/.test(l)).map((l) => [l.slice(41), l.slice(0, 40)] as const));
    const defaultBranch = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(advertised)?.[1];
    const ref = repo.ref ?? defaultBranch;
    if (ref === undefined) throw new CapsuleError('bad_request', `The repository ${where} has no default branch; name a branch, tag or commit.`);
    const named = refs.has(`refs/heads/${ref}`) ? `refs/heads/${ref}` : refs.has(`refs/tags/${ref}`) ? `refs/tags/${ref}` : undefined;
    const fetch = (what: string[], depth: boolean) =>
      git.run(['--git-dir', scratch, 'fetch', '-q', '--no-tags', ...(depth ? ['--depth=1'] : []), '--end-of-options', url, ...what]);
    let commitish: string;
    if (named) {
      await fetch([named], true);
      commitish = 'FETCH_HEAD';
    } else if (isCommitId(ref)) {
      const direct = ref.length === 40 ? await fetch([ref], true).then(() => true, () => false) : false;
      if (!direct) await fetch(['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], false);
      commitish = direct ? 'FETCH_HEAD' : ref;
    } else {
      throw new CapsuleError('bad_request', `The repository ${where} has no branch or tag ${JSON.stringify(ref)}.`, [{ field: ['url'], message: 'no such ref' }]);
    }
    let commit: string;
    try {
      commit = (await git.run(['--git-dir', scratch, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${commitish}^{commit}`])).trim();
    } catch (e) {
      if (e instanceof GitFailure) throw new CapsuleError('bad_request', `The repository ${where} has no commit ${ref}.`, [{ field: ['url'], message: 'no such commit' }]);
      throw e;
    }
    const committed = (await git.run(['--git-dir', scratch, 'log', '-1', '--format=%cI', commit])).trim();
    return {
      commit,
      ref,
      committed: new Date(committed).toISOString(),
      archive() {
        const child = git.spawn(['--git-dir', scratch, 'archive', '--format=tar.gz', `--prefix=${repo.name}/`, '--end-of-options', commit]);
        archiving.add(child);
        child.once('close', () => archiving.delete(child));
        let stderr = '';
        child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const done = new Promise<void>((resolve, reject) =>
          child.once('close', (code) => (code === 0 ? resolve() : reject(fetchFailed(`git archive failed: ${stderr.trim()}`)))),
        );
        done.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
        // Read from the start: node discards a child's output that no one listens to once the child exits.
        const stream = new PassThrough();
        child.stdout!.pipe(stream);
        return { stream, done };
      },
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e instanceof GitFailure ? fetchFailed(`Fetching ${where} failed: ${e.message}`) : e;
  }
}
