import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import {
  Check,
  Code2,
  FilePen,
  GitCompare,
  Rocket,
  Save,
  Undo2,
  Wand2,
  Webhook,
} from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { hookPoint } from '@/shared/hook-points';
import type { Hook } from '@/shared/schemas/hook';
import { LazyCodeEditor } from '@/web/components/lazy-code-editor';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { Segmented } from '@/web/components/ui/segmented';
import type { Tagged } from '@/shared/api-client';
import { cn } from '@/web/lib/cn';
import { errorMessage } from '@/web/lib/query-client';
import { convertToActions } from '../convert';
import { type TaggedDraft } from '@/web/data/hooks/queries';
import type { DiffSide } from '../diff';
import { detectStyle, styleLabels } from '../style';
import { hookTypings } from '../typings';
import { useHookDraft } from '../use-hook-draft';
import { useWorkspaceState, type HookWorkspace as Workspace } from '../workspace';
import { HookDiff } from './hook-diff';
import { HookEnableSwitch } from './hook-enable-switch';
import { HookVersions } from './hook-versions';
import { TestGateDialog, type TestGateRefusal } from './test-gate-dialog';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface HookWorkspaceProps {
  tagged: Tagged<Hook>;
  /** The saved draft (or the live script when there is none), with its ETag: what the editor opens. */
  savedDraft: TaggedDraft;
  /** The side panels (Runner, Logs, Secrets, Settings), given the workspace. */
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
  const point = hookPoint(hook.triggerId);
  const draft = useHookDraft(tagged, savedDraft);
  const state = useWorkspaceState(hook, savedDraft.script);
  const style = detectStyle(draft.draft);
  const typings = useMemo(() => hookTypings(hook.triggerId, style), [hook.triggerId, style]);
  const [view, setView] = useState<View>('editor');
  const [sides, setSides] = useState<[DiffSide, DiffSide]>([{ kind: 'live' }, { kind: 'draft' }]);
  const [confirmDeploy, setConfirmDeploy] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [unconvertible, setUnconvertible] = useState<string | null>(null);
  const [refusal, setRefusalState] = useState<TestGateRefusal | null>(null);
  /** Where the code last refused stops compiling: marked in the editor until a save goes through. */
  const [problem, setProblem] = useState<{ line: number; column: number; message: string } | null>(
    null,
  );
  const setRefusal = useCallback((next: TestGateRefusal | null) => {
    setRefusalState(next);
    const where = next?.error.body.compile_error;
    if (where?.line !== undefined)
      setProblem({ line: where.line, column: where.column ?? 1, message: where.message });
  }, []);
  const compare = (left: DiffSide, right: DiffSide) => {
    setSides([left, right]);
    setView('versions');
  };

  /** Ctrl+S: save (and, on an enabled hook, make live through the gate); a refusal opens the dialog. */
  const { save: saveHook, saveDraft, dirty } = draft;
  const save = useCallback(
    async (force = false) => {
      const result = await saveHook({ force });
      if (result.ok) {
        setRefusal(null);
        setProblem(null);
        if (force)
          toast.success(`${hook.name} is live anyway`, {
            description: 'Its failing test cases were overridden; the tenant log records it.',
          });
      } else if (result.refused) setRefusal({ action: { kind: 'save' }, error: result.refused });
    },
    [saveHook, hook.name, setRefusal],
  );
  const keepAsDraft = async () => {
    if (await saveDraft()) {
      setRefusal(null);
      toast.success('Kept as a draft', {
        description:
          'Nothing went live: tokens still use the live code. Deploy the draft when it is ready.',
      });
    }
  };

  // Ctrl+S / Cmd+S anywhere on the page saves, Ctrl+Shift+S saves the draft (Monaco handles them itself while it has focus).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (
        event.defaultPrevented ||
        !(event.ctrlKey || event.metaKey) ||
        event.altKey ||
        event.key.toLowerCase() !== 's'
      )
        return;
      event.preventDefault(); // not the browser's "Save page as…"
      if (event.shiftKey) void saveDraft();
      else void save();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [save, saveDraft]);

  // Leaving with unsaved changes: the router asks first; closing or reloading the tab, the browser does.
  const base = `/hooks/${hook.id}`;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty &&
      currentLocation.pathname !== nextLocation.pathname &&
      !(nextLocation.pathname === base || nextLocation.pathname.startsWith(`${base}/`)),
  );
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

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
  const shortcut = isMac ? '⌘S' : 'Ctrl+S';
  const draftShortcut = isMac ? '⇧⌘S' : 'Ctrl+Shift+S';

  const deploy = async (force = false) => {
    setConfirmDeploy(false);
    const result = await draft.deploy({ force });
    if (result.ok) {
      setRefusal(null);
      const live = hook.enabled
        ? 'The draft is live: new tokens use it.'
        : 'The draft is live; the hook is disabled.';
      toast.success(force ? `${hook.name} deployed anyway` : `${hook.name} deployed`, {
        description: force
          ? `${live} Its failing test cases were overridden; the tenant log records it.`
          : live,
      });
    } else if (result.refused) {
      setRefusal({ action: { kind: 'deploy' }, error: result.refused });
      const cases = result.refused.body.test_cases;
      if (cases)
        state.tests.setGate({ at: new Date(), total: cases.total, failing: cases.failing });
    }
  };
  const onDeploy = () => (hook.enabled ? setConfirmDeploy(true) : void deploy());

  const convert = async () => {
    const result = convertToActions(draft.getDraft());
    if (!result.ok) {
      setUnconvertible(result.reason);
      return;
    }
    draft.setDraft(result.script);
    const saved = await draft.saveDraft();
    compare({ kind: 'live' }, { kind: 'draft' });
    toast.success(
      saved
        ? 'Converted to Actions style and saved as the draft'
        : 'Converted to Actions style (not saved yet)',
      {
        description: `Check the diff, run it, then deploy. ${result.notes.join(' ')}`,
      },
    );
  };

  return (
    <>
      {/* From lg the title truncates beside one row of actions; narrower, the actions wrap below it. */}
      <div className="mb-5 flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="flex min-w-0 items-start gap-4 lg:flex-1">
          <span className="flex size-12 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent-text">
            <Webhook className="size-6" aria-hidden />
          </span>
          <div className="min-w-0">
            <div className="flex items-center gap-2">
              <h1 className="min-w-0 truncate text-2xl font-semibold tracking-tight">
                {hook.name}
              </h1>
              <span role="status" aria-label="Draft state" className="shrink-0">
                {/* A disabled hook's saved code is not live anywhere: say "saved", not "live". */}
                {draft.differsFromLive ? (
                  <Badge tone="warning">
                    {hook.enabled ? 'Draft differs from live' : 'Draft differs from saved'}
                  </Badge>
                ) : (
                  <Badge tone={hook.enabled ? 'success' : 'neutral'}>
                    {hook.enabled ? 'Live' : 'Saved (not live)'}
                  </Badge>
                )}
              </span>
            </div>
            <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1.5">
              <Badge tone="accent">{point.displayName}</Badge>
              {!point.triggered && <Badge tone="warning">Not triggered yet</Badge>}
              <p className="text-sm text-muted">
                {hook.enabled
                  ? 'Enabled: runs for every application and API.'
                  : 'Disabled: it runs only in the Runner.'}
                {hook.version !== undefined && ` Current version: v${hook.version}.`}
              </p>
              <HookEnableSwitch
                hook={hook}
                label="Enabled"
                className="flex items-center gap-2 text-[13px] text-muted"
              />
            </div>
          </div>
        </div>
        <div
          role="group"
          aria-label="Hook actions"
          className="flex flex-wrap items-center gap-x-3 gap-y-2 lg:shrink-0 lg:flex-nowrap"
        >
          <SaveState dirty={draft.dirty} justSaved={draft.justSaved} />
          {(draft.hasDraft || draft.dirty) && (
            <Button
              variant="ghost"
              onClick={() => setConfirmDiscard(true)}
              pending={draft.discarding}
              title="Drop the draft and show the live code"
            >
              {!draft.discarding && <Undo2 className="size-4" aria-hidden />}
              Discard draft
            </Button>
          )}
          <Button
            variant="ghost"
            onClick={() => void draft.saveDraft()}
            pending={draft.savingDraft}
            aria-keyshortcuts="Control+Shift+S Meta+Shift+S"
            title={`Save as a draft (${draftShortcut}): staged beside the live hook, which is not changed`}
          >
            {!draft.savingDraft && <FilePen className="size-4" aria-hidden />}
            Save draft
          </Button>
          <Button
            onClick={() => void save()}
            pending={draft.saving}
            aria-keyshortcuts="Control+S Meta+S"
            title={
              hook.enabled
                ? `Save and make live (${shortcut}): only if it compiles and its test cases pass`
                : `Save (${shortcut}); the hook is disabled, so no token changes`
            }
          >
            {!draft.saving && <Save className="size-4" aria-hidden />}
            Save
            <kbd
              aria-hidden
              className="ml-1 rounded bg-subtle px-1.5 py-px font-sans text-[11px] font-medium text-muted"
            >
              {shortcut}
            </kbd>
          </Button>
          <Button
            variant="primary"
            onClick={onDeploy}
            pending={draft.deploying}
            disabled={!draft.deployable}
            title={
              draft.deployable
                ? 'Make the draft live (a new version)'
                : 'The draft is what runs: nothing to deploy'
            }
          >
            {!draft.deploying && <Rocket className="size-4" aria-hidden />}
            Deploy
          </Button>
        </div>
      </div>

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
              <div className="flex items-center gap-2">
                <Badge tone={style === 'actions' ? 'accent' : 'neutral'}>
                  {styleLabels[style]}
                </Badge>
                {style === 'hook' && (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => void convert()}
                    title="Rewrite this Hook as an Action (saved as the draft, not live)"
                  >
                    <Wand2 className="size-3.5" aria-hidden />
                    Convert to Actions style
                  </Button>
                )}
              </div>
            )}
          </div>
          {view === 'editor' ? (
            <section
              aria-label="Code"
              className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-xs"
            >
              <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-2">
                <span className="flex items-center gap-2 font-mono text-[13px] text-muted">
                  {hook.triggerId}.js
                  {draft.dirty && (
                    <span
                      className="size-2 rounded-full bg-warning-text"
                      title="Unsaved changes"
                      aria-hidden
                    />
                  )}
                </span>
                <span className="text-xs text-faint">
                  <kbd className="font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>+
                  <kbd className="font-sans">Space</kbd> completes ·{' '}
                  <kbd className="font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>+
                  <kbd className="font-sans">Enter</kbd> runs
                </span>
              </div>
              <LazyCodeEditor
                label="Hook code"
                path={`hook-${hook.id}`}
                typings={typings}
                value={draft.draft}
                onChange={draft.setDraft}
                onSave={() => void save()}
                onSaveDraft={() => void draft.saveDraft()}
                onRun={() => state.runner.runRef.current?.()}
                problem={problem}
                className="h-[calc(100vh-22.5rem)] min-h-[420px]"
              />
            </section>
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

      <ConfirmDialog
        open={confirmDeploy}
        onClose={() => setConfirmDeploy(false)}
        title={`Deploy ${hook.name}?`}
        confirmLabel="Deploy"
        danger
        pending={draft.deploying}
        onConfirm={() => void deploy()}
      >
        <p className="font-medium text-fg">This changes tokens for every application now.</p>
        <p>
          {hook.name} is enabled, so the draft{draft.dirty ? ' (with your unsaved changes)' : ''}{' '}
          runs on the next client credentials exchange. It becomes a new version; you can roll back
          from Versions.
        </p>
      </ConfirmDialog>

      <TestGateDialog
        hook={hook}
        refusal={refusal}
        onClose={() => setRefusal(null)}
        onForce={() => void (refusal?.action.kind === 'save' ? save(true) : deploy(true))}
        pending={refusal?.action.kind === 'save' ? draft.saving : draft.deploying}
        {...(refusal?.action.kind === 'save' && {
          onKeepAsDraft: () => void keepAsDraft(),
          keepingAsDraft: draft.savingDraft,
        })}
      />

      <ConfirmDialog
        open={confirmDiscard}
        onClose={() => setConfirmDiscard(false)}
        title="Discard the draft?"
        confirmLabel="Discard draft"
        danger
        pending={draft.discarding}
        onConfirm={() =>
          void draft.discard().then(
            () => setConfirmDiscard(false),
            (error: unknown) =>
              toast.error('Could not discard the draft', { description: errorMessage(error) }),
          )
        }
      >
        <p>
          The editor goes back to the live code. Your draft
          {draft.dirty ? ' and unsaved changes are' : ' is'} lost; the live hook is not changed.
        </p>
      </ConfirmDialog>

      <Dialog
        open={unconvertible !== null}
        onClose={() => setUnconvertible(null)}
        title="This Hook cannot be converted automatically"
      >
        <div className="space-y-3 text-sm text-muted">
          <p className="text-fg">{unconvertible}</p>
          <p>
            The converter rewrites simple Hooks: claims assigned on the token object,{' '}
            <code className="font-mono text-[13px]">scope</code> and{' '}
            <code className="font-mono text-[13px]">.push(…)</code>,{' '}
            <code className="font-mono text-[13px]">cb(null, token)</code>,{' '}
            <code className="font-mono text-[13px]">cb(new InvalidScopeError(…))</code>,{' '}
            <code className="font-mono text-[13px]">console</code>, simple{' '}
            <code className="font-mono text-[13px]">if</code>s and local variables. Nothing was
            changed.
          </p>
          <p>
            To convert by hand, write{' '}
            <code className="font-mono text-[13px]">
              exports.onExecuteCredentialsExchange = async (event, api) =&gt; {'{…}'}
            </code>
            : the editor completes <code className="font-mono text-[13px]">event</code> and{' '}
            <code className="font-mono text-[13px]">api</code> once the script uses it.
          </p>
        </div>
        <DialogFooter>
          <Button variant="primary" onClick={() => setUnconvertible(null)}>
            OK
          </Button>
        </DialogFooter>
      </Dialog>

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

      <Dialog
        open={draft.conflict !== null}
        onClose={draft.dismissConflict}
        title="This hook changed since you opened it"
      >
        <div className="space-y-3 text-sm text-muted">
          <p>
            Someone saved a different {draft.conflict?.target === 'draft' ? 'draft' : 'version'} of{' '}
            {hook.name} after you opened it, so your save was stopped.
          </p>
          <p>
            <span className="font-medium text-fg">Reload</span> to get theirs (your changes are
            discarded), or <span className="font-medium text-fg">Overwrite</span> to save yours over
            it
            {draft.conflict?.target === 'hook' && hook.enabled
              ? ' (it goes live through the same checks)'
              : ''}
            .
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

function SaveState({ dirty, justSaved }: { dirty: boolean; justSaved: { live: boolean } | null }) {
  return (
    <span role="status" className="flex items-center justify-end gap-1.5 text-[13px] lg:min-w-28">
      {dirty ? (
        <>
          <span className="size-2 rounded-full bg-warning-text" aria-hidden />
          <span className="text-muted">Unsaved changes</span>
        </>
      ) : justSaved ? (
        <>
          <Check className="size-4 text-success-text" aria-hidden />
          <span className="font-medium text-success-text">
            {justSaved.live ? 'Saved · live' : 'Saved'}
          </span>
        </>
      ) : null}
    </span>
  );
}
