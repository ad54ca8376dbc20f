import { apiErrorOf } from './api-error.js';

/**
 * Saves what a URL answers for one media type as a file. The API picks formats by Accept, which a
 * plain link cannot send, so the answer is fetched and handed to the browser as a blob.
 */
export async function download(url: string, accept: string, filename: string): Promise<void> {
  const response = await fetch(url, { headers: { accept }, credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw apiErrorOf(response.status, response.statusText, await response.text());
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
