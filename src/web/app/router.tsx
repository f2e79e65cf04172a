import { createBrowserRouter, Navigate } from 'react-router';
import { ApiApplicationsTab } from './routes/api-applications-tab';
import { ApiDetailRoute } from './routes/api-detail';
import { ApiScopesTab } from './routes/api-scopes-tab';
import { ApiSettingsTab } from './routes/api-settings-tab';
import { ApiTestTab } from './routes/api-test-tab';
import { ApisRoute } from './routes/apis';
import { AppLayout } from './routes/app-layout';
import { ApplicationApisTab } from './routes/application-apis-tab';
import { ApplicationCredentialsTab } from './routes/application-credentials-tab';
import { ApplicationDetailRoute } from './routes/application-detail';
import { ApplicationQuickstartTab } from './routes/application-quickstart-tab';
import { ApplicationSettingsTab } from './routes/application-settings-tab';
import { ApplicationTestTab } from './routes/application-test-tab';
import { ApplicationsRoute } from './routes/applications';
import { HooksRoute } from './routes/hooks';
import { LogsRoute } from './routes/logs';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './routes/route-error';
import { SettingsLayout } from './routes/settings-layout';
import { SignInRoute } from './routes/sign-in';
import { SigningKeysRoute } from './routes/signing-keys';
import { TokenTestDecodeTab, TokenTestRoute, TokenTestRunTab } from './routes/token-test';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/apis" replace /> },
          { path: 'apis', element: <ApisRoute /> },
          {
            path: 'apis/:id',
            element: <ApiDetailRoute />,
            children: [
              { index: true, element: <ApiSettingsTab /> },
              { path: 'scopes', element: <ApiScopesTab /> },
              { path: 'applications', element: <ApiApplicationsTab /> },
              { path: 'test', element: <ApiTestTab /> },
            ],
          },
          { path: 'applications', element: <ApplicationsRoute /> },
          {
            path: 'applications/:id',
            element: <ApplicationDetailRoute />,
            children: [
              { index: true, element: <ApplicationSettingsTab /> },
              { path: 'credentials', element: <ApplicationCredentialsTab /> },
              { path: 'apis', element: <ApplicationApisTab /> },
              { path: 'quickstart', element: <ApplicationQuickstartTab /> },
              { path: 'test', element: <ApplicationTestTab /> },
            ],
          },
          { path: 'hooks', element: <HooksRoute /> },
          {
            path: 'hooks/test',
            element: <TokenTestRoute />,
            children: [
              { index: true, element: <TokenTestRunTab /> },
              { path: 'decode', element: <TokenTestDecodeTab /> },
            ],
          },
          {
            // Lazy: the editor route and Monaco stay out of the main bundle.
            path: 'hooks/:id',
            handle: { wide: true },
            lazy: () => import('./routes/hook-editor').then((m) => ({ Component: m.HookEditorRoute })),
            children: [
              { index: true, lazy: () => import('./routes/hook-editor').then((m) => ({ Component: m.HookRunnerTab })) },
              { path: 'tests', lazy: () => import('./routes/hook-editor').then((m) => ({ Component: m.HookTestsTab })) },
              { path: 'logs', lazy: () => import('./routes/hook-editor').then((m) => ({ Component: m.HookLogsTab })) },
              { path: 'secrets', lazy: () => import('./routes/hook-editor').then((m) => ({ Component: m.HookSecretsTab })) },
              { path: 'settings', lazy: () => import('./routes/hook-editor').then((m) => ({ Component: m.HookSettingsTab })) },
            ],
          },
          { path: 'logs', element: <LogsRoute /> },
          {
            path: 'settings',
            element: <SettingsLayout />,
            children: [
              { index: true, element: <Navigate to="/settings/keys" replace /> },
              { path: 'keys', element: <SigningKeysRoute /> },
              // Lazy: the import page brings the YAML parser and the unzipper.
              { path: 'import', lazy: () => import('./routes/settings-import').then((m) => ({ Component: m.ImportRoute })) },
            ],
          },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);
