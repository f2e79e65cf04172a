import { Link } from 'react-router';
import { ArrowRight, CircleX } from 'lucide-react';
import type { ApiError } from '@/shared/api-client';
import type { Hook } from '@/shared/schemas/hook';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { gatedTarget, type GatedAction } from '../gate';

/** A refused action: what was tried and the server's 409. */
export interface TestGateRefusal {
  action: GatedAction;
  error: ApiError;
}

const wording = {
  enable: { title: 'Not enabled: test cases fail', code: 'The live code', verb: 'enabled', force: 'Enable anyway' },
  deploy: { title: 'Not deployed: test cases fail', code: 'The draft', verb: 'deployed', force: 'Deploy anyway' },
  rollback: { title: 'Not rolled back: test cases fail', code: 'Version', verb: 'rolled back', force: 'Roll back anyway' },
} as const;

interface TestGateDialogProps {
  hook: Hook;
  refusal: TestGateRefusal | null;
  onClose: () => void;
  /** Retries with `?force=true`. */
  onForce: () => void;
  pending: boolean;
}

/**
 * Enabling, deploying or rolling back was refused because saved test cases fail: names them, links
 * to the Tests tab (which runs them against the same code on arrival) and offers the override.
 */
export function TestGateDialog({ hook, refusal, onClose, onForce, pending }: TestGateDialogProps) {
  const words = wording[refusal?.action.kind ?? 'enable'];
  return (
    <Dialog open={refusal !== null} onClose={onClose} title={words.title}>
      {refusal && <Refusal hook={hook} refusal={refusal} onClose={onClose} />}
      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" onClick={onForce} pending={pending}>
          {words.force}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}

function Refusal({ hook, refusal, onClose }: { hook: Hook; refusal: TestGateRefusal; onClose: () => void }) {
  const { action, error } = refusal;
  const words = wording[action.kind];
  const code = `${words.code}${action.kind === 'rollback' ? ` ${action.version}` : ''} of ${hook.name}`;
  const cases = error.body.test_cases;
  const first = cases?.failing[0];

  return (
    <div className="space-y-3 text-sm text-muted">
      {cases && first ? (
        <>
          <p className="text-fg">
            {code} fails {cases.failing.length} of {cases.total} test cases, so it was not {words.verb}:
          </p>
          <ul aria-label="Failing test cases" className="space-y-1">
            {cases.failing.map(({ id, name }) => (
              <li key={id} className="flex items-start gap-2 font-medium text-fg">
                <CircleX className="mt-0.5 size-4 shrink-0 text-danger-text" aria-hidden />
                <span className="min-w-0 break-words">{name}</span>
              </li>
            ))}
          </ul>
          {first.failures[0] && (
            <div className="rounded-lg bg-danger-soft px-3 py-2 text-danger-text">
              <p className="text-xs font-medium">First difference, in “{first.name}”:</p>
              <p className="mt-0.5 font-mono text-xs [overflow-wrap:anywhere]">{first.failures[0]}</p>
            </div>
          )}
        </>
      ) : (
        <p className="text-fg">{error.body.message}</p>
      )}
      <p>
        <Link
          to={`/hooks/${hook.id}/tests`}
          state={{ runTests: gatedTarget(action) }}
          onClick={onClose}
          className="inline-flex items-center gap-1 font-medium text-accent-text hover:underline"
        >
          See every difference in the Tests tab
          <ArrowRight className="size-3.5" aria-hidden />
        </Link>
      </p>
      <p>
        Fix the hook or its test cases, or go ahead anyway: <span className="font-medium text-fg">{words.force}</span> overrides the
        test cases, and the tenant log records that you did.
      </p>
    </div>
  );
}
