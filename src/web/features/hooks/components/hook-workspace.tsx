import { useEffect, useMemo, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import { Check, Save, Webhook } from 'lucide-react';
import { toast } from 'sonner';
import { hookPoint } from '@/shared/hook-points';
import type { Hook } from '@/shared/schemas/hook';
import { LazyCodeEditor } from '@/web/components/lazy-code-editor';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { Switch } from '@/web/components/ui/switch';
import type { Tagged } from '@/web/lib/api';
import { errorMessage } from '@/web/lib/query-client';
import { useSetHookEnabled } from '../api';
import { hookTypings } from '../typings';
import { useHookDraft } from '../use-hook-draft';
import { useWorkspaceState, type HookWorkspace as Workspace } from '../workspace';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface HookWorkspaceProps {
  tagged: Tagged<Hook>;
  /** The side panels (Runner, Logs, Secrets, Settings), given the workspace. */
  panels: (workspace: Workspace) => ReactNode;
}

/** Auth0's webtask editor: the code, saved with Ctrl+S / Cmd+S, and its panels beside it. */
export function HookWorkspace({ tagged, panels }: HookWorkspaceProps) {
  const hook = tagged.data;
  const point = hookPoint(hook.triggerId);
  const draft = useHookDraft(tagged);
  const state = useWorkspaceState(hook);
  const typings = useMemo(() => hookTypings(hook.triggerId), [hook.triggerId]);
  const setEnabled = useSetHookEnabled();

  // Ctrl+S / Cmd+S anywhere on the page saves (Monaco handles it itself while it has focus).
  const { save, dirty } = draft;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 's') return;
      event.preventDefault(); // not the browser's "Save page as…"
      save();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [save]);

  // Leaving with unsaved changes: the router asks first; closing or reloading the tab, the browser does.
  const base = `/hooks/${hook.id}`;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && currentLocation.pathname !== nextLocation.pathname && !(nextLocation.pathname === base || nextLocation.pathname.startsWith(`${base}/`)),
  );
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const workspace: Workspace = { hook, tagged, draft: draft.draft, getDraft: draft.getDraft, runner: state.runner, logs: state.logs };
  const shortcut = isMac ? '⌘S' : 'Ctrl+S';

  return (
    <>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 items-start gap-4">
          <span className="flex size-12 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent-text">
            <Webhook className="size-6" aria-hidden />
          </span>
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="truncate text-2xl font-semibold tracking-tight">{hook.name}</h1>
              <Badge tone="accent">{point.displayName}</Badge>
              {!point.triggered && <Badge tone="warning">Not triggered yet</Badge>}
            </div>
            <p className="mt-1 text-sm text-muted">
              {hook.enabled ? 'Enabled: runs for every application and API.' : 'Disabled: it runs only in the Runner.'}
            </p>
          </div>
        </div>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-[13px] text-muted">
            Enabled
            <Switch
              checked={hook.enabled}
              aria-label={`Enable ${hook.name}`}
              onCheckedChange={(on) =>
                setEnabled.mutate(
                  { hook, enabled: on },
                  { onError: (error) => toast.error(`Could not ${on ? 'enable' : 'disable'} “${hook.name}”`, { description: errorMessage(error) }) },
                )
              }
            />
          </label>
          <span className="h-6 w-px bg-line" aria-hidden />
          <SaveState dirty={draft.dirty} justSaved={draft.justSaved} />
          <Button variant="primary" onClick={draft.save} pending={draft.saving} aria-keyshortcuts="Control+S Meta+S" title={`Save (${shortcut})`}>
            {!draft.saving && <Save className="size-4" aria-hidden />}
            Save
            <kbd aria-hidden className="ml-1 rounded bg-white/15 px-1.5 py-px font-sans text-[11px] font-medium">
              {shortcut}
            </kbd>
          </Button>
        </div>
      </div>

      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_440px]">
        <section aria-label="Code" className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-xs">
          <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-2">
            <span className="flex items-center gap-2 font-mono text-[13px] text-muted">
              {hook.triggerId}.js
              {draft.dirty && (
                <span className="size-2 rounded-full bg-warning-text" title="Unsaved changes" aria-hidden />
              )}
            </span>
            <span className="text-xs text-faint">
              <kbd className="font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>+<kbd className="font-sans">Space</kbd> completes ·{' '}
              <kbd className="font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>+<kbd className="font-sans">Enter</kbd> runs
            </span>
          </div>
          <LazyCodeEditor
            label="Hook code"
            path={`hook-${hook.id}`}
            typings={typings}
            value={draft.draft}
            onChange={draft.setDraft}
            onSave={draft.save}
            onRun={() => state.runner.runRef.current?.()}
            className="h-[calc(100vh-15rem)] min-h-[480px]"
          />
        </section>
        <div className="min-w-0">{panels(workspace)}</div>
      </div>

      <ConfirmDialog
        open={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        title="Leave without saving?"
        confirmLabel="Leave"
        danger
        onConfirm={() => blocker.proceed?.()}
      >
        <p>Your changes to {hook.name} are not saved. If you leave, they are lost.</p>
      </ConfirmDialog>

      <Dialog open={draft.conflict !== null} onClose={draft.dismissConflict} title="This hook changed since you opened it">
        <div className="space-y-3 text-sm text-muted">
          <p>Someone saved a newer version of {hook.name} after you opened it, so your save was refused.</p>
          <p>
            <span className="font-medium text-fg">Reload</span> to get their version (your changes are discarded), or{' '}
            <span className="font-medium text-fg">Overwrite</span> to save yours over it.
          </p>
        </div>
        <DialogFooter>
          <Button onClick={draft.dismissConflict}>Cancel</Button>
          <Button onClick={draft.reload}>Reload</Button>
          <Button variant="danger" onClick={draft.overwrite} pending={draft.saving}>
            Overwrite
          </Button>
        </DialogFooter>
      </Dialog>
    </>
  );
}

function SaveState({ dirty, justSaved }: { dirty: boolean; justSaved: boolean }) {
  return (
    <span role="status" className="flex min-w-28 items-center justify-end gap-1.5 text-[13px]">
      {dirty ? (
        <>
          <span className="size-2 rounded-full bg-warning-text" aria-hidden />
          <span className="text-muted">Unsaved changes</span>
        </>
      ) : justSaved ? (
        <>
          <Check className="size-4 text-success-text" aria-hidden />
          <span className="font-medium text-success-text">Saved</span>
        </>
      ) : null}
    </span>
  );
}
