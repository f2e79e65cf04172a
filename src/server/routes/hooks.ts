import { Hono } from 'hono';
import type { AppDeps } from '../app-deps';
import type { AppEnv } from '../app-env';
import { hookCrudRoutes } from './hooks/crud';
import { hookDraftRoutes } from './hooks/drafts';
import { hookLogRoutes } from './hooks/logs';
import { hookRunnerRoutes } from './hooks/runner';
import { hookSecretRoutes } from './hooks/secrets';
import { hookTestRoutes } from './hooks/tests';
import { hookVersionRoutes } from './hooks/versions';

/**
 * `/api/v2/hooks`, one sub-app per concern (`routes/hooks/`): the hooks themselves, their secrets,
 * execution log, versions, draft, test cases and the Runner. Each sub-app's routes match in the
 * order they are declared (`/logs/stream` before `/logs/:execution`); no route of one sub-app
 * matches a request another sub-app's route matches, so the mount order only lists them.
 */
export function hookRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .route('/', hookCrudRoutes(deps))
    .route('/', hookSecretRoutes(deps))
    .route('/', hookLogRoutes(deps))
    .route('/', hookVersionRoutes(deps))
    .route('/', hookDraftRoutes(deps))
    .route('/', hookTestRoutes(deps))
    .route('/', hookRunnerRoutes(deps));
}
