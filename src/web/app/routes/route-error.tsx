import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { TriangleAlert } from 'lucide-react';
import { buttonStyles } from '@/web/components/ui/button-styles';

/** The router's errorElement: a render error or a bad route, with a way out. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <div
      role="alert"
      className="mx-auto flex max-w-lg flex-col items-center px-6 py-20 text-center"
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-xl bg-danger-soft text-danger-text">
        <TriangleAlert className="size-6" aria-hidden />
      </div>
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-muted">
        The console hit an error it did not expect. Reloading usually helps.
      </p>
      <pre className="mt-4 max-w-full overflow-x-auto rounded-lg bg-subtle px-3 py-2 font-mono text-xs text-muted">
        {message}
      </pre>
      <div className="mt-6 flex gap-2">
        <button
          type="button"
          className={buttonStyles('primary')}
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
        <Link to="/apis" className={buttonStyles('secondary')}>
          Go to APIs
        </Link>
      </div>
    </div>
  );
}
