import { createContext, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { request } from './api.js';
import { credential } from './credential.js';
import { asApiError } from './hooks.js';
import { ConsoleMeDocument, type ConsoleMeQuery } from '../../examples/generated/graphql.js';

export type Me = ConsoleMeQuery['me'];
export type Role = Me['role'];

const RANK: Record<Role, number> = { VIEWER: 0, ANNOTATOR: 1, ML_ENGINEER: 2, ADMIN: 3 };
/** Whether the signed-in role may do what needs `role` (the gateway checks again; this only hides). */
export const can = (me: Me, role: Role): boolean => RANK[me.role] >= RANK[role];

const SessionContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside a session');
  return me;
}

/** Signs in with an API key or an OIDC token (checked with `me`), then renders the console. */
export function Session({
  children,
  onSignOut,
}: {
  children: (me: Me, signOut: () => void) => ReactNode;
  onSignOut?: () => void;
}) {
  const [me, setMe] = useState<Me | null>(null);
  const [message, setMessage] = useState('');
  const [checking, setChecking] = useState(false);

  const check = async () => {
    setChecking(true);
    try {
      setMe((await request(ConsoleMeDocument, {})).me);
      setMessage('');
    } catch (error) {
      const e = asApiError(error);
      setMessage(`${e.code}: ${e.message}`);
      setMe(null);
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => {
    // A credential from earlier in this tab signs in again on reload.
    if (credential.get()) void check();
  }, []);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('credential');
    credential.set(typeof value === 'string' ? value : '');
    void check();
  };
  const signOut = () => {
    credential.clear();
    setMe(null);
    onSignOut?.();
  };
  if (me) return <SessionContext.Provider value={me}>{children(me, signOut)}</SessionContext.Provider>;
  return (
    <main className="sign-in">
      <h1>MedIllustrator-AI console</h1>
      <form onSubmit={submit} aria-describedby="sign-in-help">
        <label htmlFor="credential">API key or OIDC token</label>
        <input id="credential" name="credential" type="password" autoComplete="off" placeholder="mi_…" required autoFocus />
        <button type="submit" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <p id="sign-in-help">
        The key stays in this tab only. <code>npm start</code> prints a development admin key; <code>npm run apikey</code> makes
        others.
      </p>
      <p id="sign-in-message" role="alert" className="error">
        {message}
      </p>
    </main>
  );
}
