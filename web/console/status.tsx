import type { ApiError } from './api.js';

/** Loading and error lines, announced to screen readers. */
export function Status({ loading, error }: { loading: boolean; error: ApiError | null }) {
  return (
    <p className={error ? 'status error' : 'status'} role={error ? 'alert' : 'status'} aria-live="polite">
      {error ? `${error.code}: ${error.message}` : loading ? 'Loading…' : ''}
    </p>
  );
}
