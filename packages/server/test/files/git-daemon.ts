import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.org' };

/** A repository to snapshot: a working copy that pushes to a bare repository served over git://. */
export interface ServedRepository {
  /** git://127.0.0.1:<port> */
  base: string;
  port: number;
  /** http://127.0.0.1:<port> of `git http-backend` serving the same repositories. */
  httpBase: string;
  httpPort: number;
  /** Commits a file on a branch of the working copy and pushes it; returns the commit id. */
  commit(branch: string, file: string, content: string): string;
  tag(name: string, commit: string): void;
  stop(): Promise<void>;
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`git daemon did not listen on ${port}`);
}

/** `git http-backend` (smart HTTP) as CGI behind a node http server, for the repositories under `projectRoot`. */
function httpBackend(projectRoot: string): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...ENV,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method!,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      for (const line of head.subarray(0, end).toString('utf8').split('\r\n')) {
        const [name, ...value] = line.split(':');
        if (name!.toLowerCase() === 'status') res.statusCode = Number(value.join(':').trim().split(' ')[0]);
        else res.setHeader(name!, value.join(':').trim());
      }
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on('end', () => res.end());
  });
}

/** `git daemon` (git://) and `git http-backend` (http://) on 127.0.0.1 serving `<owner>/<name>.git`, started empty. */
export async function serveRepository(owner: string, name: string): Promise<ServedRepository> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'capsule-git-'));
  const bare = path.join(root, 'served', owner, `${name}.git`);
  const work = path.join(root, 'work');
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();
  fs.mkdirSync(bare, { recursive: true });
  git(bare, 'init', '--bare', '-q', '-b', 'main');
  fs.mkdirSync(work);
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'remote', 'add', 'origin', bare);
  const port = await freePort();
  const daemon: ChildProcess = spawn(
    'git',
    ['daemon', `--base-path=${path.join(root, 'served')}`, '--export-all', '--reuseaddr', '--informative-errors', `--port=${port}`, '--listen=127.0.0.1', path.join(root, 'served')],
    { env: ENV, stdio: 'ignore' },
  );
  await waitForPort(port);
  const web = httpBackend(path.join(root, 'served'));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const httpPort = (web.address() as net.AddressInfo).port;
  return {
    base: `git://127.0.0.1:${port}`,
    port,
    httpBase: `http://127.0.0.1:${httpPort}`,
    httpPort,
    commit(branch, file, content) {
      const branches = git(work, 'branch', '--list', branch);
      const hasCommits = git(work, 'rev-list', '--all', '--count') !== '0';
      if (hasCommits) git(work, 'checkout', '-q', ...(branches ? [branch] : ['-b', branch]));
      fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      fs.writeFileSync(path.join(work, file), content);
      git(work, 'add', '-A');
      git(work, 'commit', '-q', '-m', `${file} on ${branch}`);
      git(work, 'push', '-q', 'origin', branch);
      return git(work, 'rev-parse', 'HEAD');
    },
    tag(tagName, commit) {
      git(work, 'tag', tagName, commit);
      git(work, 'push', '-q', 'origin', tagName);
    },
    async stop() {
      await new Promise((r) => web.close(r));
      daemon.kill();
      await new Promise((r) => daemon.once('exit', r));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
