/**
 * Drives a whole analysis lifecycle through the REST API exactly as cap-client does: it reads
 * CAP_SERVER_URL, CAP_SERVER_API_PATH (default `api/`) and CAP_ACCESS_TOKEN, authenticates with
 * `Authorization: OAuth2 <token>`, and treats any status but the one it expects as a failure,
 * printing `message` and each `errors[].field` as cap-client does.
 *
 *   CAP_SERVER_URL=http://127.0.0.1:5000 CAP_ACCESS_TOKEN=... \
 *     node --import tsx scripts/cap-client-lifecycle.ts --ana-type cms-analysis --metadata record.json [--title-field analysis_title]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { 'ana-type': { type: 'string' }, metadata: { type: 'string' }, 'title-field': { type: 'string', default: 'analysis_title' } } });
const server = process.env.CAP_SERVER_URL;
const token = process.env.CAP_ACCESS_TOKEN;
if (!server || !token || !args['ana-type'] || !args.metadata) {
  process.stderr.write('usage: CAP_SERVER_URL=... CAP_ACCESS_TOKEN=... cap-client-lifecycle --ana-type NAME --metadata FILE\n');
  process.exit(2);
}
const api = new URL(process.env.CAP_SERVER_API_PATH ?? 'api/', server.endsWith('/') ? server : `${server}/`).toString();
const metadata = JSON.parse(fs.readFileSync(args.metadata, 'utf8')) as Record<string, unknown>;

class UnexpectedStatus extends Error {}

async function call(method: string, path: string, expected: number, options: { body?: unknown; contentType?: string; accept?: string } = {}) {
  const res = await fetch(api + path, {
    method,
    headers: {
      authorization: `OAuth2 ${token}`,
      accept: options.accept ?? 'application/json',
      ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (res.status !== expected) {
    const fields = (body?.errors ?? []).map((e: { field: unknown; message: string }) => `  ${JSON.stringify(e.field)}: ${e.message}`).join('\n');
    throw new UnexpectedStatus(`${method} ${path}: expected ${expected}, got ${res.status}: ${body?.message ?? text}\n${fields}`);
  }
  return body;
}

const step = (name: string, detail: unknown) => process.stdout.write(`${name}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}\n`);

try {
  const created = await call('POST', 'deposits/', 201, { body: { $ana_type: args['ana-type'], ...metadata } });
  const id = created.id as string;
  step('create', id);

  await call('PUT', `deposits/${id}`, 200, { body: { ...metadata, _private: 'dropped by the server' } });
  step('put', 'ok');

  const field = args['title-field']!;
  const title = `${String(metadata[field] ?? 'Analysis')} (preserved)`;
  await call('PATCH', `deposits/${id}`, 200, { body: [{ op: 'add', path: `/${field}`, value: title }], contentType: 'application/json-patch+json' });
  const basic = await call('GET', `deposits/${id}`, 200, { accept: 'application/basic+json' });
  if (basic.pid !== id || basic.metadata[field] !== title || '_private' in basic.metadata) throw new Error('basic+json does not show the patched metadata');
  step('patch', title);

  const first = await call('POST', `deposits/${id}/actions/publish`, 202);
  const recid = first.recid as string;
  step('publish', recid);

  await call('POST', `deposits/${id}/actions/edit`, 201);
  await call('PATCH', `deposits/${id}`, 200, { body: [{ op: 'replace', path: `/${field}`, value: `${title}, v2` }], contentType: 'application/json-patch+json' });
  const second = await call('POST', `deposits/${id}/actions/publish`, 202);
  if (second.recid !== recid) throw new Error(`publishing again changed the record id: ${second.recid}`);

  const { versions } = await call('GET', `records/${recid}/versions`, 200);
  const latest = await call('GET', `records/${recid}`, 200);
  if (versions.length !== 2 || latest.version !== 2) throw new Error(`expected version 2, got ${JSON.stringify(versions)}`);
  step('versions', versions.map((v: { version: number }) => v.version));

  const { revisions } = await call('GET', `deposits/${id}/revisions`, 200);
  const last = revisions[revisions.length - 1].revision as number;
  const diff = await call('GET', `deposits/${id}/revisions/0/diff/${last}`, 200);
  step('revisions', revisions.length);
  step('diff', diff);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
