import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from './design/Loading.js';
import { AppShell } from './shell/AppShell.js';
import { DashboardPage } from './pages/DashboardPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { useSession } from './session/session.js';

// The heavy pages (the form generator above all) load when first visited, so the first page stays small.
const pageLoaders = {
  '/new': () => import('./pages/NewAnalysisPage.js'),
  '/drafts/': () => import('./pages/DraftPage.js'),
  '/records/': () => import('./pages/RecordPage.js'),
  '/search': () => import('./pages/SearchPage.js'),
  '/schema-browser': () => import('./pages/SchemaBrowserPage.js'),
  '/tokens': () => import('./pages/TokensPage.js'),
};

// Opened directly at a heavy page (a link, a reload): fetch its code while the session loads, not after.
for (const [prefix, load] of Object.entries(pageLoaders)) if (window.location.pathname.startsWith(prefix)) void load();

const NewAnalysisPage = lazy(pageLoaders['/new']);
const DraftPage = lazy(pageLoaders['/drafts/']);
const RecordPage = lazy(pageLoaders['/records/']);
const SearchPage = lazy(pageLoaders['/search']);
const SchemaBrowserPage = lazy(pageLoaders['/schema-browser']);
const TokensPage = lazy(pageLoaders['/tokens']);

/** Every page but sign-in needs a user: without one, go to sign-in and come back afterwards. */
function RequireSignIn({ children }: { children: React.ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route
        element={
          <RequireSignIn>
            <AppShell />
          </RequireSignIn>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="new" element={<Lazy><NewAnalysisPage /></Lazy>} />
        <Route path="drafts/:id" element={<Lazy><DraftPage /></Lazy>} />
        <Route path="records/:recid" element={<Lazy><RecordPage /></Lazy>} />
        <Route path="search" element={<Lazy><SearchPage /></Lazy>} />
        <Route path="schema-browser" element={<Lazy><SchemaBrowserPage /></Lazy>} />
        <Route path="schema-browser/:name/:version" element={<Lazy><SchemaBrowserPage /></Lazy>} />
        <Route path="tokens" element={<Lazy><TokensPage /></Lazy>} />
        <Route path="*" element={<Loading error={new Error('No such page.')} />} />
      </Route>
    </Routes>
  );
}

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
