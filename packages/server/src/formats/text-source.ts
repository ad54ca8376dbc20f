import type { Readable } from 'node:stream';

/** What a reader accepts: a whole document, or a stream of its bytes (UTF-8) or text. */
export type TextSource = string | Readable | AsyncIterable<Uint8Array | string>;

/** Decodes a byte or text stream chunk by chunk (UTF-8 sequences split across chunks are joined). */
export async function* textChunks(source: Exclude<TextSource, string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}


/** A parser fed text piece by piece that hands out what it has finished. */
export interface PushParser<T> {
  write(text: string): PushParser<T>;
  close(): PushParser<T>;
  take(): T[];
}

/** Runs a push parser over a source, yielding each item as soon as it is complete. */
export async function* pushParse<T>(parser: PushParser<T>, source: TextSource): AsyncGenerator<T> {
  if (typeof source === 'string') {
    yield* parser.write(source).close().take();
    return;
  }
  for await (const text of textChunks(source)) yield* parser.write(text).take();
  yield* parser.close().take();
}
