import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Button } from '../design/Button.js';
import { useMe, useSession } from '../session/session.js';

/** The frame of every signed-in page: skip link, navigation, who is signed in, and the page. */
export function AppShell() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  // After navigating, move focus to the new page so screen readers and keyboards start there.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="shell-header">
        <div className="shell-header-inner">
          <Link className="shell-brand" to="/">Capsule</Link>
          <nav className="shell-nav" aria-label="Main">
            <NavLink to="/" end>Dashboard</NavLink>
            <NavLink to="/new">New analysis</NavLink>
            <NavLink to="/search">Search</NavLink>
            <NavLink to="/schema-browser">Schemas</NavLink>
            <NavLink to="/tokens">Tokens</NavLink>
          </nav>
          <div className="shell-user">
            <span>{me.email}</span>
            <Button small onClick={() => void signOut().then(() => navigate('/signin'))}>Sign out</Button>
          </div>
        </div>
      </header>
      <main id="main" className="shell-main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
