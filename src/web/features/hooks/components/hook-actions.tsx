import { Check, FilePen, Rocket, Save, Undo2 } from 'lucide-react';
import type { Hook } from '@/shared/schemas/hook';
import { Button } from '@/web/components/ui/button';
import { draftShortcut, saveShortcut } from '../use-save-shortcuts';
import type { HookDraftState } from '../use-workspace-actions';

interface HookActionsProps {
  hook: Hook;
  draft: HookDraftState;
  onSave: () => void;
  onDeploy: () => void;
  onDiscard: () => void;
}

/** Save state, Discard draft, Save draft, Save and Deploy: the "Hook actions" group. */
export function HookActions({ hook, draft, onSave, onDeploy, onDiscard }: HookActionsProps) {
  return (
    <div
      role="group"
      aria-label="Hook actions"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 lg:shrink-0 lg:flex-nowrap"
    >
      <SaveState dirty={draft.dirty} justSaved={draft.justSaved} />
      {(draft.hasDraft || draft.dirty) && (
        <Button
          variant="ghost"
          onClick={onDiscard}
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
        onClick={onSave}
        pending={draft.saving}
        aria-keyshortcuts="Control+S Meta+S"
        title={
          hook.enabled
            ? `Save and make live (${saveShortcut}): only if it compiles and its test cases pass`
            : `Save (${saveShortcut}); the hook is disabled, so no token changes`
        }
      >
        {!draft.saving && <Save className="size-4" aria-hidden />}
        Save
        <kbd
          aria-hidden
          className="ml-1 rounded bg-subtle px-1.5 py-px font-sans text-[11px] font-medium text-muted"
        >
          {saveShortcut}
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
