import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';

/** Why "Convert to Actions style" left the code alone (`reason`), and how to convert by hand. */
export function UnconvertibleHookDialog({
  reason,
  onClose,
}: {
  reason: string | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={reason !== null}
      onClose={onClose}
      title="This Hook cannot be converted automatically"
    >
      <div className="space-y-3 text-sm text-muted">
        <p className="text-fg">{reason}</p>
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
        <Button variant="primary" onClick={onClose}>
          OK
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
