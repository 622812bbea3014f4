import './console.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ModelsPage } from './pages/models.js';
import { OverviewPage } from './pages/overview.js';
import { RatingQueuePage } from './pages/rating-queue.js';
import { SearchPage } from './pages/search.js';
import { TrainingPage } from './pages/training.js';
import { TrajectoriesPage, TrajectoryPage } from './pages/trajectories.js';
import { can, Session, type Me, type Role } from './session.js';

interface Route {
  path: string;
  label: string;
  role: Role;
}

const ROUTES: Route[] = [
  { path: 'overview', label: 'Overview', role: 'VIEWER' },
  { path: 'trajectories', label: 'Trajectories', role: 'VIEWER' },
  { path: 'rate', label: 'Rating queue', role: 'ANNOTATOR' },
  { path: 'models', label: 'Models', role: 'VIEWER' },
  { path: 'training', label: 'Training', role: 'VIEWER' },
  { path: 'tuning', label: 'Tuning', role: 'VIEWER' },
];

const currentHash = () => location.hash.replace(/^#\/?/, '') || 'overview';

function useHash(): string {
  const [hash, setHash] = useState(currentHash);
  useEffect(() => {
    const onChange = () => setHash(currentHash());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

function Page({ hash, me }: { hash: string; me: Me }) {
  const [section, id] = hash.split('/');
  const route = ROUTES.find((r) => r.path === section);
  if (!route) return <p role="alert">No page “{hash}”.</p>;
  if (!can(me, route.role))
    return (
      <p role="alert">
        The {route.label.toLowerCase()} needs the {route.role.toLowerCase()} role; you are {me.role.toLowerCase()}.
      </p>
    );
  switch (route.path) {
    case 'trajectories':
      return id ? <TrajectoryPage id={decodeURIComponent(id)} /> : <TrajectoriesPage />;
    case 'rate':
      return <RatingQueuePage />;
    case 'models':
      return <ModelsPage />;
    case 'training':
      return <TrainingPage />;
    case 'tuning':
      return <SearchPage />;
    default:
      return <OverviewPage />;
  }
}

function Console() {
  const hash = useHash();
  const section = hash.split('/')[0];
  return (
    <Session>
      {(me, signOut) => (
        <>
          <header className="top">
            <span className="brand">MedIllustrator-AI</span>
            <nav aria-label="Console">
              <ul>
                {ROUTES.filter((r) => can(me, r.role)).map((r) => (
                  <li key={r.path}>
                    <a href={`#/${r.path}`} aria-current={section === r.path ? 'page' : undefined}>
                      {r.label}
                    </a>
                  </li>
                ))}
                <li>
                  <a href="/graphiql">GraphiQL</a>
                </li>
              </ul>
            </nav>
            <span className="who" id="who">
              {me.name} · <span data-role={me.role}>{me.role.toLowerCase().replace('_', ' ')}</span>
            </span>
            <button type="button" className="link" onClick={signOut}>
              Sign out
            </button>
          </header>
          <main id="page">
            <Page hash={hash} me={me} />
          </main>
        </>
      )}
    </Session>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <Console />
    </StrictMode>,
  );
