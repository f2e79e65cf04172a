import { Link } from 'react-router';
import { ArrowRight, CircleX } from 'lucide-react';
import type { ApiError } from '@/shared/api-error';
import type { Hook } from '@/shared/schemas/hook';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { gatedTarget, isCompileRefusal, type GatedAction } from '../gate';

/** A refused action: what was tried and the server's 400 (compile error) or 409 (failing cases). */
export interface TestGateRefusal {
  action: GatedAction;
  error: ApiError;
}

const wording = {
  save: { title: 'Not live', code: 'Your code', verb: 'made live', force: 'Make live anyway' },
  enable: { title: 'Not enabled', code: 'The live code', verb: 'enabled', force: 'Enable anyway' },
  deploy: { title: 'Not deployed', code: 'The draft', verb: 'deployed', force: 'Deploy anyway' },
  rollback: {
    title: 'Not rolled back',
    code: 'Version',
    verb: 'rolled back',
    force: 'Roll back anyway',
  },
} as const;

interface TestGateDialogProps {
  hook: Hook;
  refusal: TestGateRefusal | null;
  onClose: () => void;
  /** Retries with `?force=true` (failing test cases only: code that does not compile never goes live). */
  onForce: () => void;
  pending: boolean;
  /** Offered when the refused code is not saved anywhere yet (Ctrl+S): saves it as the draft instead. */
  onKeepAsDraft?: () => void;
  keepingAsDraft?: boolean;
}

/**
 * Saving, enabling, deploying or rolling back was refused by the gate: says exactly why (where the
 * code stops compiling, or which saved test cases fail), links to the Tests tab and offers the
 * override for failing cases, or keeping the code as a draft.
 */
export function TestGateDialog({
  hook,
  refusal,
  onClose,
  onForce,
  pending,
  onKeepAsDraft,
  keepingAsDraft,
}: TestGateDialogProps) {
  const words = wording[refusal?.action.kind ?? 'enable'];
  const compile = refusal !== null && isCompileRefusal(refusal.error);
  const title = `${words.title}: ${compile ? 'the code does not compile' : 'test cases fail'}`;
  return (
    <Dialog open={refusal !== null} onClose={onClose} title={title}>
      {refusal && <Refusal hook={hook} refusal={refusal} onClose={onClose} />}
      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        {onKeepAsDraft && (
          <Button
            variant={compile ? 'primary' : 'secondary'}
            onClick={onKeepAsDraft}
            pending={keepingAsDraft}
          >
            Keep as draft
          </Button>
        )}
        {!compile && (
          <Button variant="danger" onClick={onForce} pending={pending}>
            {words.force}
          </Button>
        )}
      </DialogFooter>
    </Dialog>
  );
}

function Refusal({
  hook,
  refusal,
  onClose,
}: {
  hook: Hook;
  refusal: TestGateRefusal;
  onClose: () => void;
}) {
  const { action, error } = refusal;
  const words = wording[action.kind];
  const code = `${words.code}${action.kind === 'rollback' ? ` ${action.version}` : ''} of ${hook.name}`;
  const cases = error.body.test_cases;
  const compile = error.body.compile_error;
  const first = cases?.failing[0];
  const target = gatedTarget(action);
  const nothingLive =
    action.kind === 'save' ? ' Nothing went live: tokens still use the live code.' : '';

  if (compile) {
    return (
      <div className="space-y-3 text-sm text-muted">
        <p className="text-fg">
          {code} does not compile, so it was not {words.verb}.{nothingLive}
        </p>
        <div
          role="alert"
          aria-label="Compile error"
          className="rounded-lg bg-danger-soft px-3 py-2 text-danger-text"
        >
          {compile.line !== undefined && (
            <p className="text-xs font-medium">
              Line {compile.line}
              {compile.column !== undefined && `, column ${compile.column}`}
            </p>
          )}
          <p className="mt-0.5 font-mono text-xs [overflow-wrap:anywhere]">{compile.message}</p>
        </div>
        {action.kind === 'save' && (
          <p>Fix it and save again, or keep it as a draft: drafts never reach tokens.</p>
        )}
      </div>
    );
  }

  return (
    <div className="space-y-3 text-sm text-muted">
      {cases && first ? (
        <>
          <p className="text-fg">
            {code} fails {cases.failing.length} of {cases.total} test cases, so it was not{' '}
            {words.verb}.{nothingLive}
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
              <p className="mt-0.5 font-mono text-xs [overflow-wrap:anywhere]">
                {first.failures[0]}
              </p>
            </div>
          )}
        </>
      ) : (
        <p className="text-fg">{error.body.message}</p>
      )}
      {target !== undefined && (
        <p>
          <Link
            to={`/hooks/${hook.id}/tests`}
            state={{ runTests: target }}
            onClick={onClose}
            className="inline-flex items-center gap-1 font-medium text-accent-text hover:underline"
          >
            See every difference in the Tests tab
            <ArrowRight className="size-3.5" aria-hidden />
          </Link>
        </p>
      )}
      <p>
        Fix the hook or its test cases{action.kind === 'save' ? ', keep the code as a draft,' : ''}{' '}
        or go ahead anyway: <span className="font-medium text-fg">{words.force}</span> overrides the
        test cases, and the tenant log records that you did.
      </p>
    </div>
  );
}
