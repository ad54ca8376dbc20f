import type { Answer } from './client.js';

/** The If-Match value for a record at `revision`: the server's ETag is the revision, quoted. */
export function revisionEtag(revision: number): string {
  return `"${revision}"`;
}

/** The revision an answer was read at, for If-Match: its ETag, or its body's revision where no ETag came. */
export function etagOf(answer: Answer<{ revision: number }>): string {
  return answer.etag ?? revisionEtag(answer.body.revision);
}
