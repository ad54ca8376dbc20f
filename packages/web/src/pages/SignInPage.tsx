import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/api-error.js';
import { get } from '../api/client.js';
import { useResource } from '../api/use-resource.js';
import { Button } from '../design/Button.js';
import { Card } from '../design/Card.js';
import { Field } from '../design/Field.js';
import { Notice } from '../design/Notice.js';
import { useSession } from '../session/session.js';

interface Provider {
  name: string;
  title: string;
  login_url: string;
}

/** Only paths on this site: an open redirect through ?next= would help phishing. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { me, signIn } = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const providers = useResource('providers', () => get<Provider[]>('/api/oauth/providers'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email, password);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? 'Wrong email or password.' : (e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="shell-main signin">
      <h1>Sign in to Capsule</h1>
      <div className="grid">
        <Card title="With your Capsule account">
          <form className="stack" onSubmit={(e) => void submit(e)}>
            {error && <Notice tone="error">{error}</Notice>}
            <Field label="Email">{(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
            <Field label="Password">{(p) => <input {...p} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}</Field>
            <div className="row">
              <Button type="submit" variant="primary" disabled={busy}>Sign in</Button>
            </div>
            <p className="muted">
              First time here? The first start created the administrator <code>admin@capsule.local</code>; its password is in{' '}
              <code>first-admin.txt</code> in the data directory (<code>var/first-admin.txt</code> by default).
            </p>
          </form>
        </Card>
        {providers.data && providers.data.length > 0 && (
          <Card title="With your organisation">
            <div className="stack">
              {providers.data.map((p) => (
                <a key={p.name} className="button" href={`${new URL(p.login_url).pathname}?next=${encodeURIComponent(next)}`}>
                  Sign in with {p.title}
                </a>
              ))}
            </div>
          </Card>
        )}
      </div>
    </main>
  );
}
