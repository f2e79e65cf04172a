import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { AppLayout } from './routes/app-layout';
import { RouteError } from './routes/route-error';
import { withLazyRetry } from '@/web/lib/lazy-import';

// Pages are lazy route modules: the first page loads the framework, the layout and its own module
// only (at most 150 KB of JavaScript over the wire, checked by e2e/budget.spec.ts). The layout wraps every
// signed-in page, and RouteError must render when a route module fails to load: both stay eager.
/** What the first load shows while its route module arrives: a status for screen readers. */
function FirstLoad() {
  return (
    <p role="status" className="sr-only">
      Loading
    </p>
  );
}

const routes: RouteObject[] = [
  {
    path: '/sign-in',
    lazy: () => import('./routes/sign-in').then((m) => ({ Component: m.SignInRoute })),
    errorElement: <RouteError />,
    hydrateFallbackElement: <FirstLoad />,
  },
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <FirstLoad />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/apis" replace /> },
          {
            path: 'apis',
            lazy: () => import('./routes/apis').then((m) => ({ Component: m.ApisRoute })),
          },
          {
            path: 'apis/:id',
            lazy: () =>
              import('./routes/api-detail').then((m) => ({ Component: m.ApiDetailRoute })),
            children: [
              {
                index: true,
                lazy: () =>
                  import('./routes/api-settings-tab').then((m) => ({
                    Component: m.ApiSettingsTab,
                  })),
              },
              {
                path: 'scopes',
                lazy: () =>
                  import('./routes/api-scopes-tab').then((m) => ({ Component: m.ApiScopesTab })),
              },
              {
                path: 'applications',
                lazy: () =>
                  import('./routes/api-applications-tab').then((m) => ({
                    Component: m.ApiApplicationsTab,
                  })),
              },
              {
                path: 'test',
                lazy: () =>
                  import('./routes/api-test-tab').then((m) => ({ Component: m.ApiTestTab })),
              },
            ],
          },
          {
            path: 'applications',
            lazy: () =>
              import('./routes/applications').then((m) => ({ Component: m.ApplicationsRoute })),
          },
          {
            path: 'applications/:id',
            lazy: () =>
              import('./routes/application-detail').then((m) => ({
                Component: m.ApplicationDetailRoute,
              })),
            children: [
              {
                index: true,
                lazy: () =>
                  import('./routes/application-settings-tab').then((m) => ({
                    Component: m.ApplicationSettingsTab,
                  })),
              },
              {
                path: 'credentials',
                lazy: () =>
                  import('./routes/application-credentials-tab').then((m) => ({
                    Component: m.ApplicationCredentialsTab,
                  })),
              },
              {
                path: 'apis',
                lazy: () =>
                  import('./routes/application-apis-tab').then((m) => ({
                    Component: m.ApplicationApisTab,
                  })),
              },
              {
                path: 'quickstart',
                lazy: () =>
                  import('./routes/application-quickstart-tab').then((m) => ({
                    Component: m.ApplicationQuickstartTab,
                  })),
              },
              {
                path: 'test',
                lazy: () =>
                  import('./routes/application-test-tab').then((m) => ({
                    Component: m.ApplicationTestTab,
                  })),
              },
            ],
          },
          {
            path: 'hooks',
            lazy: () => import('./routes/hooks').then((m) => ({ Component: m.HooksRoute })),
          },
          {
            path: 'hooks/test',
            lazy: () =>
              import('./routes/token-test').then((m) => ({ Component: m.TokenTestRoute })),
            children: [
              {
                index: true,
                lazy: () =>
                  import('./routes/token-test').then((m) => ({ Component: m.TokenTestRunTab })),
              },
              {
                path: 'decode',
                lazy: () =>
                  import('./routes/token-test').then((m) => ({ Component: m.TokenTestDecodeTab })),
              },
            ],
          },
          {
            // The editor route is the only one that loads Monaco (through components/code-editor).
            path: 'hooks/:id',
            handle: { wide: true },
            lazy: () =>
              import('./routes/hook-editor').then((m) => ({ Component: m.HookEditorRoute })),
            children: [
              {
                index: true,
                lazy: () =>
                  import('./routes/hook-editor').then((m) => ({ Component: m.HookRunnerTab })),
              },
              {
                path: 'tests',
                lazy: () =>
                  import('./routes/hook-editor').then((m) => ({ Component: m.HookTestsTab })),
              },
              {
                path: 'logs',
                lazy: () =>
                  import('./routes/hook-editor').then((m) => ({ Component: m.HookLogsTab })),
              },
              {
                path: 'secrets',
                lazy: () =>
                  import('./routes/hook-editor').then((m) => ({ Component: m.HookSecretsTab })),
              },
              {
                path: 'modules',
                lazy: () =>
                  import('./routes/hook-editor').then((m) => ({ Component: m.HookModulesTab })),
              },
              {
                path: 'settings',
                lazy: () =>
                  import('./routes/hook-editor').then((m) => ({ Component: m.HookSettingsTab })),
              },
            ],
          },
          {
            path: 'logs',
            lazy: () => import('./routes/logs').then((m) => ({ Component: m.LogsRoute })),
          },
          {
            path: 'settings',
            lazy: () =>
              import('./routes/settings-layout').then((m) => ({ Component: m.SettingsLayout })),
            children: [
              { index: true, element: <Navigate to="/settings/keys" replace /> },
              {
                path: 'keys',
                lazy: () =>
                  import('./routes/signing-keys').then((m) => ({ Component: m.SigningKeysRoute })),
              },
              {
                path: 'password',
                lazy: () =>
                  import('./routes/settings-password').then((m) => ({
                    Component: m.SettingsPasswordRoute,
                  })),
              },
              // The import page brings the YAML parser and the unzipper.
              {
                path: 'import',
                lazy: () =>
                  import('./routes/settings-import').then((m) => ({ Component: m.ImportRoute })),
              },
            ],
          },
          {
            path: '*',
            lazy: () => import('./routes/not-found').then((m) => ({ Component: m.NotFoundRoute })),
          },
        ],
      },
    ],
  },
];

// A route module that fails to load is tried again (and the page loaded afresh at the address
// being opened) before RouteError shows.
export const router = createBrowserRouter(
  withLazyRetry(routes, () => {
    const pending = router.state.navigation.location;
    return pending ? router.createHref(pending) : window.location.href;
  }),
);
