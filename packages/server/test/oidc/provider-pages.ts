import { locationOf, type Browser } from './browser.js';

export interface ProviderVisit {
  /** Press "Cancel" on the provider's login page instead of signing in. */
  cancel?: boolean;
}

const attribute = (html: string, pattern: RegExp): string | undefined => pattern.exec(html)?.[1]?.replaceAll('&amp;', '&');

/**
 * Goes from Capsule's login URL through the provider's pages as a person would (signing in as
 * `accountId`, then consenting, when the provider asks) and returns the URL the provider sends
 * the browser back to, without visiting it.
 */
export async function visitProvider(browser: Browser, loginUrl: string, accountId: string, visit: ProviderVisit = {}): Promise<URL> {
  const callbackPrefix = loginUrl.replace(/\/api\/oauth\/login\/.*$/, '/api/oauth/authorized/');
  let url = new URL(loginUrl);
  let response = await browser.get(url);
  for (let hop = 0; hop < 20; hop++) {
    if (response.status >= 300 && response.status < 400) {
      url = locationOf(response, url);
      if (url.href.startsWith(callbackPrefix)) return url;
      response = await browser.get(url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`the provider answered ${response.status} at ${url.href}: ${html}`);
    const action = new URL(attribute(html, /<form[^>]*action="([^"]+)"/) ?? '', url);
    if (html.includes('name="login"')) {
      if (visit.cancel) {
        url = new URL(attribute(html, /<a href="([^"]+)">\[ Cancel \]/) ?? '', url);
        response = await browser.get(url);
      } else {
        response = await browser.postForm(action, { prompt: 'login', login: accountId, password: 'any' });
      }
    } else if (html.includes('value="consent"')) {
      response = await browser.postForm(action, { prompt: 'consent' });
    } else {
      throw new Error(`unexpected provider page at ${url.href}: ${html}`);
    }
  }
  throw new Error('the provider never sent the browser back');
}
