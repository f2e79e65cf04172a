import { useQuery } from '@tanstack/react-query';
import { Outlet, useOutletContext, useParams } from 'react-router';
import { ApiError } from '@/shared/api-error';
import { BackLink } from '@/web/components/back-link';
import { DetailSkeleton } from '@/web/components/detail-skeleton';
import { ErrorPanel } from '@/web/components/error-panel';
import { NotFoundPanel } from '@/web/components/not-found-panel';
import { Tabs } from '@/web/components/ui/tabs';
import { resourceServerQueries } from '@/web/data/resource-servers/queries';
import { clientQueries } from '@/web/data/clients/queries';
import { hookQueries } from '@/web/data/hooks/queries';
import { HookLogs } from '@/web/features/hooks/components/hook-logs';
import { HookModules } from '@/web/features/hooks/components/hook-modules';
import { HookRunner } from '@/web/features/hooks/components/hook-runner';
import { HookSecrets } from '@/web/features/hooks/components/hook-secrets';
import { HookSettings } from '@/web/features/hooks/components/hook-settings';
import { HookTests } from '@/web/features/hooks/components/hook-tests';
import type { RunnerTargets } from '@/web/features/hooks/components/run-target-fields';
import { HookWorkspace } from '@/web/features/hooks/components/hook-workspace';
import type { HookWorkspace as Workspace } from '@/web/features/hooks/workspace';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/*
 * `/hooks/:id`, the webtask editor. The router loads this module lazily (with Monaco behind it,
 * itself lazy), so the rest of the console never downloads the editor.
 */

const tabs = [
  { to: '', label: 'Runner' },
  { to: 'tests', label: 'Tests' },
  { to: 'logs', label: 'Logs' },
  { to: 'secrets', label: 'Secrets' },
  { to: 'modules', label: 'Modules' },
  { to: 'settings', label: 'Settings' },
];

const useWorkspace = () => useOutletContext<Workspace>();

export function HookEditorRoute() {
  const { id = '' } = useParams();
  const query = useQuery(hookQueries.detail(id));
  // The editor opens the saved draft (or the live script when there is none).
  const draft = useQuery(hookQueries.draft(id));
  useDocumentTitle(query.data?.data.name);

  if (query.isPending) return <DetailSkeleton label="Loading hook" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return (
        <>
          <BackLink to="/hooks">Hooks</BackLink>
          <h1 className="sr-only">Hook not found</h1>
          <NotFoundPanel title="Hook not found" backTo="/hooks" backLabel="Back to Hooks">
            It may have been deleted, or the link is wrong.
          </NotFoundPanel>
        </>
      );
    }
    return (
      <ErrorPanel
        title="Could not load the hook"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  if (draft.isPending) return <DetailSkeleton label="Loading hook" />;
  if (draft.isError)
    return (
      <ErrorPanel
        title="Could not load the hook's draft"
        error={draft.error}
        onRetry={() => void draft.refetch()}
      />
    );

  return (
    <>
      <BackLink to="/hooks">Hooks</BackLink>
      <HookWorkspace
        key={id}
        tagged={query.data}
        savedDraft={draft.data}
        panels={(workspace) => (
          <Tabs label="Hook panels" items={tabs}>
            <Outlet context={workspace} />
          </Tabs>
        )}
      />
    </>
  );
}

/** The stored applications and APIs a credentials-exchange hook can run against, loaded when `wanted`. */
function useRunTargets(workspace: Workspace, wanted: boolean): RunnerTargets {
  const enabled = workspace.hook.triggerId === 'credentials-exchange' && wanted;
  const applications = useQuery({ ...clientQueries.every(), enabled });
  const apis = useQuery({ ...resourceServerQueries.every(), enabled });
  return { applications: applications.data, apis: apis.data };
}

export function HookRunnerTab() {
  const workspace = useWorkspace();
  return (
    <HookRunner
      workspace={workspace}
      targets={useRunTargets(workspace, workspace.runner.form.mode === 'application')}
    />
  );
}

export function HookTestsTab() {
  const workspace = useWorkspace();
  // Test cases name their application and API in the list, so they load with the tab.
  return <HookTests workspace={workspace} targets={useRunTargets(workspace, true)} />;
}

export function HookLogsTab() {
  return <HookLogs workspace={useWorkspace()} />;
}

export function HookSecretsTab() {
  return <HookSecrets hookId={useWorkspace().hook.id} />;
}

export function HookModulesTab() {
  return <HookModules workspace={useWorkspace()} />;
}

export function HookSettingsTab() {
  const { tagged } = useWorkspace();
  // Rebuilt when the saved name or time limit changes, not on every script save.
  return <HookSettings key={`${tagged.data.name}|${tagged.data.timeout_ms}`} tagged={tagged} />;
}
