import { useMemo, useState, type ReactNode } from 'react';
import { Code2, GitCompare, Wand2 } from 'lucide-react';
import type { Tagged } from '@/shared/api-client';
import type { Hook } from '@/shared/schemas/hook';
import type { TaggedDraft } from '@/web/data/hooks/queries';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { Segmented } from '@/web/components/ui/segmented';
import { cn } from '@/web/lib/cn';
import type { DiffSide } from '../diff';
import { detectStyle, styleLabels, type HookStyle } from '../style';
import { hookTypings } from '../typings';
import { useHookDraft } from '../use-hook-draft';
import { useLeaveGuard, useSaveShortcuts } from '../use-save-shortcuts';
import { useWorkspaceActions } from '../use-workspace-actions';
import { useWorkspaceState, type HookWorkspace as Workspace } from '../workspace';
import { HookActions } from './hook-actions';
import { HookCodePane } from './hook-code-pane';
import { HookDiff } from './hook-diff';
import { HookVersions } from './hook-versions';
import { HookWorkspaceDialogs } from './hook-workspace-dialogs';
import { HookWorkspaceHeader } from './hook-workspace-header';

interface HookWorkspaceProps {
  tagged: Tagged<Hook>;
  /** The saved draft (or the live script when there is none), with its ETag: what the editor opens. */
  savedDraft: TaggedDraft;
  /** The side panels (Runner, Tests, Logs, Secrets, Modules, Settings), given the workspace. */
  panels: (workspace: Workspace) => ReactNode;
}

type View = 'editor' | 'versions';

/**
 * Auth0's webtask editor: the code and its panels beside it. Ctrl+S / Cmd+S saves the hook as
 * Auth0's editor did: on an enabled hook the code goes live, only if it compiles and its saved
 * test cases pass; otherwise nothing goes live and a dialog says why, with "Keep as draft".
 * "Save draft" (Ctrl+Shift+S) stages the code beside the live hook, and "Deploy" makes the saved
 * draft live. "Versions" swaps the panels for the version list and a side-by-side diff.
 */
export function HookWorkspace({ tagged, savedDraft, panels }: HookWorkspaceProps) {
  const hook = tagged.data;
  const draft = useHookDraft(tagged, savedDraft);
  const state = useWorkspaceState(hook, savedDraft.script);
  const style = detectStyle(draft.draft);
  const typings = useMemo(() => hookTypings(hook.triggerId, style), [hook.triggerId, style]);
  const [view, setView] = useState<View>('editor');
  const [sides, setSides] = useState<[DiffSide, DiffSide]>([{ kind: 'live' }, { kind: 'draft' }]);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const compare = (left: DiffSide, right: DiffSide) => {
    setSides([left, right]);
    setView('versions');
  };
  const actions = useWorkspaceActions(hook, draft, state.tests, () =>
    compare({ kind: 'live' }, { kind: 'draft' }),
  );
  const { save } = actions;
  useSaveShortcuts(save, draft.saveDraft);
  const blocker = useLeaveGuard(hook.id, draft.dirty);

  const workspace: Workspace = {
    hook,
    tagged,
    draft: draft.draft,
    getDraft: draft.getDraft,
    dirty: draft.dirty,
    saveDraft: draft.saveDraft,
    style,
    runner: state.runner,
    logs: state.logs,
    tests: state.tests,
  };

  return (
    <>
      <HookWorkspaceHeader
        hook={hook}
        differsFromLive={draft.differsFromLive}
        actions={
          <HookActions
            hook={hook}
            draft={draft}
            onSave={() => void save()}
            onDeploy={actions.requestDeploy}
            onDiscard={() => setConfirmDiscard(true)}
          />
        }
      />

      <div
        className={cn(
          'grid gap-5',
          view === 'editor'
            ? 'xl:grid-cols-[minmax(0,1fr)_440px]'
            : 'lg:grid-cols-[300px_minmax(0,1fr)]',
        )}
      >
        {view === 'versions' && (
          <HookVersions
            hook={hook}
            compared={sides}
            onCompare={compare}
            hasDraft={draft.hasDraft}
          />
        )}
        <div className="flex min-w-0 flex-col gap-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <Segmented
              label="View"
              value={view}
              onChange={setView}
              options={[
                { value: 'editor', label: 'Editor', icon: Code2 },
                { value: 'versions', label: 'Versions and diff', icon: GitCompare },
              ]}
            />
            {hook.triggerId === 'credentials-exchange' && (
              <CodeStyle style={style} onConvert={() => void actions.convert()} />
            )}
          </div>
          {view === 'editor' ? (
            <HookCodePane
              hook={hook}
              draft={draft}
              typings={typings}
              problem={actions.problem}
              onSave={() => void save()}
              onRun={() => state.runner.runRef.current?.()}
            />
          ) : (
            <HookDiff
              hook={hook}
              draft={draft.draft}
              setDraft={draft.setDraft}
              onSave={() => void save()}
              onSaveDraft={() => void draft.saveDraft()}
              left={sides[0]}
              right={sides[1]}
              onSidesChange={(left, right) => setSides([left, right])}
              typings={typings}
              className="h-[calc(100vh-19rem)] min-h-[440px]"
            />
          )}
        </div>
        {view === 'editor' && (
          // Beside the editor (xl), the panels scroll in their own column under their tabs, so the page
          // fits the window.
          <div className="min-w-0 xl:-m-1 xl:max-h-[calc(100vh-17.5rem)] xl:overflow-y-auto xl:p-1 xl:[&>*>[role=tablist]]:sticky xl:[&>*>[role=tablist]]:-top-1 xl:[&>*>[role=tablist]]:pt-1 xl:[&>*>[role=tablist]]:z-10 xl:[&>*>[role=tablist]]:bg-canvas">
            {panels(workspace)}
          </div>
        )}
      </div>

      <HookWorkspaceDialogs
        hook={hook}
        draft={draft}
        actions={actions}
        confirmDiscard={confirmDiscard}
        closeDiscard={() => setConfirmDiscard(false)}
        blocker={blocker}
      />
    </>
  );
}

/** The script's style (Hook or Action) and, for a Hook, the converter. */
function CodeStyle({ style, onConvert }: { style: HookStyle; onConvert: () => void }) {
  return (
    <div className="flex items-center gap-2">
      <Badge tone={style === 'actions' ? 'accent' : 'neutral'}>{styleLabels[style]}</Badge>
      {style === 'hook' && (
        <Button
          size="sm"
          variant="ghost"
          onClick={onConvert}
          title="Rewrite this Hook as an Action (saved as the draft, not live)"
        >
          <Wand2 className="size-3.5" aria-hidden />
          Convert to Actions style
        </Button>
      )}
    </div>
  );
}
