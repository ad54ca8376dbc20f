import { apiErrorOf } from './api-error.js';

/**
 * Every request the app makes goes through here: same-origin cookies, and the session's CSRF
 * token on every write (the server refuses cookie-authenticated writes without it).
 */
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  accept?: string;
  contentType?: string;
  ifMatch?: string | undefined;
}

export interface Answer<T> {
  body: T;
  etag: string | undefined;
  status: number;
}

export function writeHeaders(method: string): Record<string, string> {
  return method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

export async function request<T>(url: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json', ...writeHeaders(method) };
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  // no-store: what the API answers depends on who asks and on Accept, and its ETags (the revision)
  // do not, so a browser cache could revalidate one user's answer for another.
  const response = await fetch(url, { method, headers, credentials: 'same-origin', cache: 'no-store', ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  if (!response.ok) throw apiErrorOf(response.status, response.statusText, text);
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  return { body: body as T, etag: response.headers.get('etag') ?? undefined, status: response.status };
}

/** The body only, for the many calls that need nothing else. */
export async function get<T>(url: string, accept?: string): Promise<T> {
  return (await request<T>(url, accept ? { accept } : {})).body;
}

/** The path part of an absolute link the server gave, so requests stay on this origin. */
export function pathOf(link: string): string {
  const url = new URL(link, window.location.origin);
  return url.pathname + url.search;
}
