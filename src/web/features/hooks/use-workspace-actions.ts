import { useCallback, useState } from 'react';
import type { Hook } from '@/shared/schemas/hook';
import { toast } from '@/web/lib/toast';
import type { TestGateRefusal } from './components/test-gate-dialog';
import { convertToActions } from './convert';
import type { useHookDraft } from './use-hook-draft';
import type { HookWorkspace } from './workspace';

export type HookDraftState = ReturnType<typeof useHookDraft>;

/** Where the code last refused stops compiling. */
export interface CodeProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * What the workspace's buttons do: save (through the gate on an enabled hook), keep as draft,
 * deploy and convert, with the refusal and the compile problem they leave behind.
 */
export function useWorkspaceActions(
  hook: Hook,
  draft: HookDraftState,
  tests: HookWorkspace['tests'],
  /** After a conversion: show the live code beside the converted draft. */
  showConverted: () => void,
) {
  const [confirmDeploy, setConfirmDeploy] = useState(false);
  const [unconvertible, setUnconvertible] = useState<string | null>(null);
  const [refusal, setRefusalState] = useState<TestGateRefusal | null>(null);
  /** Marked in the editor until a save goes through. */
  const [problem, setProblem] = useState<CodeProblem | null>(null);
  const setRefusal = useCallback((next: TestGateRefusal | null) => {
    setRefusalState(next);
    const where = next?.error.body.compile_error;
    if (where?.line !== undefined)
      setProblem({ line: where.line, column: where.column ?? 1, message: where.message });
  }, []);

  /** Ctrl+S: save (and, on an enabled hook, make live through the gate); a refusal opens the dialog. */
  const { save: saveHook, saveDraft } = draft;
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
      if (cases) tests.setGate({ at: new Date(), total: cases.total, failing: cases.failing });
    }
  };
  /** On an enabled hook, deploying changes tokens now: ask first. */
  const requestDeploy = () => (hook.enabled ? setConfirmDeploy(true) : void deploy());

  const convert = async () => {
    const result = convertToActions(draft.getDraft());
    if (!result.ok) {
      setUnconvertible(result.reason);
      return;
    }
    draft.setDraft(result.script);
    const saved = await draft.saveDraft();
    showConverted();
    toast.success(
      saved
        ? 'Converted to Actions style and saved as the draft'
        : 'Converted to Actions style (not saved yet)',
      {
        description: `Check the diff, run it, then deploy. ${result.notes.join(' ')}`,
      },
    );
  };

  return {
    save,
    keepAsDraft,
    deploy,
    requestDeploy,
    convert,
    confirmDeploy,
    closeConfirmDeploy: () => setConfirmDeploy(false),
    unconvertible,
    closeUnconvertible: () => setUnconvertible(null),
    refusal,
    setRefusal,
    problem,
  };
}
