interface StoredCookie {
  value: string;
  path: string;
}

/**
 * Enough of a browser for a sign-in: it keeps cookies per origin (name, value and path) and
 * follows no redirect by itself, so a test sees every hop.
 */
export class Browser {
  readonly #jar = new Map<string, Map<string, StoredCookie>>();

  async get(url: string | URL): Promise<Response> {
    return this.#send(new URL(url), { method: 'GET' });
  }

  async postForm(url: string | URL, form: Record<string, string>): Promise<Response> {
    return this.#send(new URL(url), { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  cookie(origin: string, name: string): string | undefined {
    return this.#jar.get(new URL(origin).origin)?.get(name)?.value;
  }

  async #send(url: URL, init: RequestInit): Promise<Response> {
    const cookies = [...(this.#jar.get(url.origin) ?? new Map<string, StoredCookie>()).entries()]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookies ? { cookie: cookies } : {}) } });
    for (const header of response.headers.getSetCookie()) this.#store(url, header);
    return response;
  }

  #store(url: URL, header: string): void {
    const [pair, ...attributes] = header.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const origin = this.#jar.get(url.origin) ?? new Map<string, StoredCookie>();
    this.#jar.set(url.origin, origin);
    const expires = attribute('expires');
    if (value === '' || attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now())) origin.delete(name);
    else origin.set(name, { value, path: attribute('path') ?? '/' });
  }
}

/** Where a redirect points, resolved against the URL that answered. */
export function locationOf(response: Response, from: string | URL): URL {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect from ${String(from)}, got ${response.status}`);
  return new URL(location, from);
}
