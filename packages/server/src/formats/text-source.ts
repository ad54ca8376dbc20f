import type { Readable } from 'node:stream';
import { badRequest } from '../errors/capsule-error.js';

/** What a reader accepts: a whole document, or a stream of its bytes (UTF-8) or text. */
export type TextSource = string | Readable | AsyncIterable<Uint8Array | string>;

/** Decodes a byte or text stream chunk by chunk (UTF-8 sequences split across chunks are joined). */
export async function* textChunks(source: Exclude<TextSource, string>): AsyncGenerator<string> {
  // Fatal: bytes that are not UTF-8 are refused rather than read as replacement characters.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw badRequest(`The input is not UTF-8 text: an invalid byte sequence ends within bytes ${offset} to ${offset + (bytes?.length ?? 0)}.`);
    }
  };
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    const text = decode(chunk);
    offset += chunk.length;
    yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}


/** A parser fed text piece by piece that hands out what it has finished. */
export interface PushParser<T> {
  write(text: string): PushParser<T>;
  close(): PushParser<T>;
  take(): T[];
}

/** One step of a parser (a write or the close): the items it completed, and its fault if it failed. */
function step<T>(parser: PushParser<T>, action: () => unknown): { items: T[]; fault?: { error: unknown } } {
  try {
    action();
    return { items: parser.take() };
  } catch (error) {
    return { items: parser.take(), fault: { error } };
  }
}

/**
 * Runs a push parser over a source, yielding each item as soon as it is complete. When the input
 * turns out malformed, the items completed before the fault are yielded before the error is thrown.
 */
export async function* pushParse<T>(parser: PushParser<T>, source: TextSource): AsyncGenerator<T> {
  const texts = typeof source === 'string' ? [source] : textChunks(source);
  for await (const text of texts) {
    const { items, fault } = step(parser, () => parser.write(text));
    yield* items;
    if (fault) throw fault.error;
  }
  const { items, fault } = step(parser, () => parser.close());
  yield* items;
  if (fault) throw fault.error;
}
