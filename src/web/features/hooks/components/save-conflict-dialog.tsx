import type { Hook } from '@/shared/schemas/hook';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import type { HookDraftState } from '../use-workspace-actions';

/** A save refused with 412: someone saved first. Reload theirs or overwrite it with ours. */
export function SaveConflictDialog({ hook, draft }: { hook: Hook; draft: HookDraftState }) {
  return (
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
  );
}
