import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Caller } from '../accounts/account-types.js';
import type { Tables } from '../db/tables.js';
import { CapsuleError } from '../errors/capsule-error.js';
import type { Deposits } from '../records/deposits.js';
import { filesLocked, notAllowedToChangeFiles, type Buckets } from './buckets.js';
import { newFileId } from './bucket-store.js';
import { fetchTree, type FetchLimits } from './git-fetch.js';
import { allowedAddress } from './git-host-policy.js';
import { repositoryStore, type AttachedRepository, type RepositorySnapshotRow } from './repository-store.js';
import { checkRef, parseRepositoryUrl, type RepositoryRef } from './repository-url.js';

export type EventType = 'push' | 'release';

export interface SnapshotDeps {
  db: Kysely<Tables>;
  buckets: Buckets;
  deposits: Deposits;
  log: Logger;
  gitHosts: readonly string[];
  limits: FetchLimits;
  webhookSecret: string | undefined;
}

/** One snapshot taken: where the archive is, and of which commit. */
export interface Snapshot {
  repository: AttachedRepository;
  key: string;
  commit: string;
  created: string;
}

/** A repository attached to a draft, with every snapshot taken of it. */
export interface AttachedWithSnapshots {
  repository: AttachedRepository;
  snapshots: RepositorySnapshotRow[];
}

/** A webhook delivery as the receiver sees it. */
export interface WebhookDelivery {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const invalid = (field: string, message: string) => new CapsuleError('bad_request', message, [{ field: [field], message }]);

function parseUploadBody(body: unknown): { url: unknown; webhook: boolean; eventType: EventType | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('url', 'Send {"url": "<repository URL>", "webhook": false|true, "event_type": null|"push"|"release"}.');
  const b = body as Record<string, unknown>;
  if (b.webhook !== undefined && typeof b.webhook !== 'boolean') throw invalid('webhook', 'webhook must be true or false.');
  const eventType = b.event_type ?? null;
  if (eventType !== null && eventType !== 'push' && eventType !== 'release') throw invalid('event_type', 'event_type must be null, "push" or "release".');
  if (b.webhook === true && eventType === null) throw invalid('event_type', 'A webhook follows "push" or "release" events: name one in event_type.');
  return { url: b.url, webhook: b.webhook === true, eventType };
}

const header = (headers: WebhookDelivery['headers'], name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a push or release delivery asks for: which repository, and which ref to snapshot. */
interface RepositoryEvent {
  url: string;
  event: EventType;
  /** The pushed branch, or the released tag. */
  ref: string;
}

/** GitHub (X-GitHub-Event, X-Hub-Signature-256) and GitLab (X-Gitlab-Event, X-Gitlab-Token) push and release events. */
function readEvent(delivery: WebhookDelivery, secret: string): RepositoryEvent | undefined {
  const { headers, body } = delivery;
  const unsigned = () => new CapsuleError('unauthenticated', 'The delivery is not signed with this server\'s webhook secret.');
  const github = header(headers, 'x-github-event');
  const gitlab = header(headers, 'x-gitlab-event');
  if (github !== undefined) {
    const signature = header(headers, 'x-hub-signature-256') ?? '';
    if (!sameSecret(signature, `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`)) throw unsigned();
  } else if (gitlab !== undefined) {
    if (!sameSecret(header(headers, 'x-gitlab-token') ?? '', secret)) throw unsigned();
  } else {
    throw new CapsuleError('bad_request', 'Not a GitHub or GitLab webhook delivery: X-GitHub-Event or X-Gitlab-Event is missing.');
  }
  let payload: Record<string, any>;
  try {
    payload = JSON.parse(body.toString('utf8')) as Record<string, any>;
  } catch {
    throw new CapsuleError('bad_request', 'The delivery is not JSON.');
  }
  // `null`, a number or a string parse too, and have no fields to read.
  if (typeof payload !== 'object' || payload === null) throw new CapsuleError('bad_request', 'The delivery is not a JSON object.');
  const url: unknown = payload.repository?.html_url ?? payload.project?.web_url;
  if (typeof url !== 'string') throw new CapsuleError('bad_request', 'The delivery names no repository.');
  const kind = github ?? gitlab;
  if (kind === 'push' || kind === 'Push Hook') {
    const m = typeof payload.ref === 'string' ? /^refs\/heads\/(.+)$/.exec(payload.ref) : null;
    return m ? { url, event: 'push', ref: m[1]! } : undefined;
  }
  if ((kind === 'release' && payload.action === 'published') || (kind === 'Release Hook' && payload.action === 'create')) {
    const tag: unknown = payload.release?.tag_name ?? payload.tag;
    return typeof tag === 'string' ? { url, event: 'release', ref: tag } : undefined;
  }
  return undefined; // ping and other events: nothing to do
}

/**
 * Snapshots of git repositories in a draft's bucket (`repositories/<host>/<owner>/<repo>/<ref>.tar.gz`):
 * fetched by the `git` program from allowed hosts only, within time and size limits, and recorded
 * with the commit they hold in the same transaction as the archive's object. A draft may follow
 * a repository: each signed push or release delivery for it takes a new snapshot.
 */
export class RepositorySnapshots {
  readonly #d: SnapshotDeps;

  constructor(deps: SnapshotDeps) {
    this.#d = deps;
  }

  /** `POST /api/deposits/{id}/actions/upload`. */
  async upload(caller: Caller, recordUuid: string, body: unknown): Promise<Snapshot> {
    const request = parseUploadBody(body);
    const view = await this.#d.deposits.get(caller, recordUuid);
    if (!view.rights.update) throw notAllowedToChangeFiles();
    if (view.head.status !== 'draft') throw filesLocked('draft');
    const repo = parseRepositoryUrl(request.url);
    if (request.webhook && this.#d.webhookSecret === undefined) {
      throw invalid('webhook', 'This server takes no webhook deliveries (no webhook secret is configured).');
    }
    return this.#snapshot(recordUuid, repo, repo.ref, { webhook: request.webhook, eventType: request.eventType }, { url: request.url, event: null });
  }

  /** The repositories a draft snapshots or follows, with their snapshots (`application/repositories+json`). */
  async attachedTo(recordUuid: string): Promise<AttachedWithSnapshots[]> {
    const repositories = await repositoryStore.ofDraft(this.#d.db, recordUuid);
    const snapshots = await repositoryStore.snapshotsOf(this.#d.db, repositories.map((r) => r.id));
    return repositories.map((r) => ({ repository: r, snapshots: snapshots.filter((s) => s.repositoryId === r.id) }));
  }

  /** A push or release delivery: a new snapshot in every open draft that follows that repository and event. */
  async receive(delivery: WebhookDelivery): Promise<{ snapshots: number; failed: number }> {
    const secret = this.#d.webhookSecret;
    if (secret === undefined) throw new CapsuleError('not_found', 'This server takes no webhook deliveries.');
    const event = readEvent(delivery, secret);
    if (!event) return { snapshots: 0, failed: 0 };
    const repo = parseRepositoryUrl(event.url);
    const ref = checkRef(event.ref);
    const followers = await repositoryStore.followers(this.#d.db, repo.host, repo.owner, repo.name, event.event);
    let snapshots = 0;
    let failed = 0;
    for (const follower of followers) {
      if (event.event === 'push' && follower.ref !== ref) continue;
      try {
        await this.#snapshot(follower.recordUuid, parseRepositoryUrl(follower.url), ref, { webhook: true, eventType: event.event, rowRef: follower.ref }, { event: event.event });
        snapshots++;
      } catch (e) {
        failed++;
        this.#d.log.warn({ err: e, draft: follower.recordUuid, repository: follower.url }, 'webhook snapshot failed');
      }
    }
    return { snapshots, failed };
  }

  async #snapshot(
    recordUuid: string,
    repo: RepositoryRef,
    ref: string | undefined,
    follow: { webhook: boolean; eventType: EventType | null; rowRef?: string },
    payload: Record<string, unknown>,
  ): Promise<Snapshot> {
    const address = await allowedAddress(repo, this.#d.gitHosts);
    const tree = await fetchTree({ ...repo, ref }, address, this.#d.limits);
    try {
      const key = `repositories/${repo.host}/${repo.owner}/${repo.name}/${tree.ref}.tar.gz`;
      const archive = tree.archive();
      let snapshot: Snapshot | undefined;
      await this.#d.buckets.replaceInDraft(recordUuid, key, archive.stream, {
        limit: this.#d.limits.maxBytes,
        tags: { type: 'repository', commit: tree.commit },
        alongside: async (trx: Transaction<Tables>, object) => {
          await archive.done;
          const repository = await repositoryStore.attach(trx, {
            id: newFileId(),
            recordUuid,
            url: repo.cloneUrl,
            host: repo.host,
            owner: repo.owner,
            name: repo.name,
            ref: follow.rowRef ?? tree.ref,
            eventType: follow.eventType,
            webhook: follow.webhook,
            created: object.created,
          });
          await repositoryStore.addSnapshot(trx, {
            repositoryId: repository.id,
            commit: tree.commit,
            key,
            payload: { ...payload, ref: tree.ref, commit: tree.commit, committed: tree.committed, key },
            created: object.created,
          });
          snapshot = { repository, key, commit: tree.commit, created: object.created };
        },
      });
      return snapshot!;
    } finally {
      await tree.dispose();
    }
  }
}
