import type { Blocker } from 'react-router';
import type { Hook } from '@/shared/schemas/hook';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { errorMessage } from '@/web/lib/query-client';
import { toast } from '@/web/lib/toast';
import type { HookDraftState, useWorkspaceActions } from '../use-workspace-actions';
import { SaveConflictDialog } from './save-conflict-dialog';
import { TestGateDialog } from './test-gate-dialog';
import { UnconvertibleHookDialog } from './unconvertible-hook-dialog';

interface HookWorkspaceDialogsProps {
  hook: Hook;
  draft: HookDraftState;
  actions: ReturnType<typeof useWorkspaceActions>;
  confirmDiscard: boolean;
  closeDiscard: () => void;
  /** The router's block on leaving with unsaved changes. */
  blocker: Blocker;
}

/**
 * The workspace's questions and refusals: confirm a deploy, the test gate's refusal, confirm a
 * discard, a script the converter left alone, leaving unsaved, and a save conflict.
 */
export function HookWorkspaceDialogs({
  hook,
  draft,
  actions,
  confirmDiscard,
  closeDiscard,
  blocker,
}: HookWorkspaceDialogsProps) {
  const { refusal } = actions;
  return (
    <>
      <ConfirmDialog
        open={actions.confirmDeploy}
        onClose={actions.closeConfirmDeploy}
        title={`Deploy ${hook.name}?`}
        confirmLabel="Deploy"
        danger
        pending={draft.deploying}
        onConfirm={() => void actions.deploy()}
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
        onClose={() => actions.setRefusal(null)}
        onForce={() =>
          void (refusal?.action.kind === 'save' ? actions.save(true) : actions.deploy(true))
        }
        pending={refusal?.action.kind === 'save' ? draft.saving : draft.deploying}
        {...(refusal?.action.kind === 'save' && {
          onKeepAsDraft: () => void actions.keepAsDraft(),
          keepingAsDraft: draft.savingDraft,
        })}
      />

      <ConfirmDialog
        open={confirmDiscard}
        onClose={closeDiscard}
        title="Discard the draft?"
        confirmLabel="Discard draft"
        danger
        pending={draft.discarding}
        onConfirm={() =>
          void draft
            .discard()
            .then(closeDiscard, (error: unknown) =>
              toast.error('Could not discard the draft', { description: errorMessage(error) }),
            )
        }
      >
        <p>
          The editor goes back to the live code. Your draft
          {draft.dirty ? ' and unsaved changes are' : ' is'} lost; the live hook is not changed.
        </p>
      </ConfirmDialog>

      <UnconvertibleHookDialog
        reason={actions.unconvertible}
        onClose={actions.closeUnconvertible}
      />

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

      <SaveConflictDialog hook={hook} draft={draft} />
    </>
  );
}
