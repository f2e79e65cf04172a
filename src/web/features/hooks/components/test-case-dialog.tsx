import type { Hook } from '@/shared/schemas/hook';
import type { HookTestCase } from '@/shared/schemas/hook-test';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { DialogFooter } from '@/web/components/ui/dialog-footer';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { useTestCaseForm } from '../use-test-case-form';
import type { RunnerTargets } from './run-target-fields';
import { TestCaseExpectations } from './test-case-expectations';
import { TestCaseInputFields } from './test-case-input-fields';

interface TestCaseDialogProps {
  hook: Hook;
  /** Open for a new case (`{}`) or to edit one (`{ testCase }`); `null` is closed. */
  editing: { testCase?: HookTestCase } | null;
  onClose: () => void;
  /** The point's sample payload, for new cases and "Reset to sample". */
  sample: Record<string, unknown>;
  targets: RunnerTargets;
}

/** "New test case" and "Edit test case": a name, an input, and what the run must come to. */
export function TestCaseDialog({ hook, editing, onClose, sample, targets }: TestCaseDialogProps) {
  return (
    <Dialog
      open={editing !== null}
      onClose={onClose}
      size="lg"
      title={editing?.testCase ? 'Edit test case' : 'New test case'}
      description="Saved with the hook. Enabling or deploying code that fails a saved case is refused."
    >
      {editing && (
        <TestCaseFormBody
          hook={hook}
          testCase={editing.testCase}
          onClose={onClose}
          sample={sample}
          targets={targets}
        />
      )}
    </Dialog>
  );
}

/** The form inside the dialog: mounted on open, so it starts from the case (or the sample). */
function TestCaseFormBody({
  hook,
  testCase,
  onClose,
  sample,
  targets,
}: Omit<TestCaseDialogProps, 'editing'> & { testCase?: HookTestCase }) {
  const { form, update, errors, serverError, submit, pending } = useTestCaseForm({
    hookId: hook.id,
    testCase,
    sample,
    onSaved: onClose,
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {serverError && <FormAlert>{serverError}</FormAlert>}
      <Field label="Name" error={errors.name}>
        {(control) => (
          <Input
            {...control}
            value={form.name}
            onChange={(e) => update({ name: e.target.value })}
            placeholder="adds the plan claim"
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>
      <TestCaseInputFields
        hook={hook}
        testCaseId={testCase?.id}
        form={form}
        update={update}
        errors={errors}
        sample={sample}
        targets={targets}
      />
      <TestCaseExpectations form={form} update={update} errors={errors} />
      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" pending={pending}>
          Save test case
        </Button>
      </DialogFooter>
    </form>
  );
}
