import { useState } from 'react';
import { FileUp, RotateCw } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { Button } from '@/web/components/ui/button';
import { EmptyState } from '@/web/components/ui/empty-state';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { errorMessage } from '@/web/lib/query-client';
import { useApplyImport, usePreviewImport } from '../api';
import { ImportForm, type ImportFormValue } from './import-form';
import { ImportPlan } from './import-plan';
import { ImportResult } from './import-result';

/** Settings → Import: choose an export, preview the plan, apply it, read what happened. */
export function TenantImport() {
  const [form, setForm] = useState<ImportFormValue>({
    upload: null,
    keywords: null,
    allowDelete: false,
  });
  const preview = usePreviewImport();
  const apply = useApplyImport();

  const runPreview = () => {
    if (!form.upload) return;
    apply.reset();
    preview.mutate({ upload: form.upload, keywords: form.keywords, allowDelete: form.allowDelete });
  };
  const runApply = () => {
    if (!preview.data) return;
    apply.mutate(preview.data.plan, {
      onSuccess: (result) => {
        const n = result.applied.length;
        const changes = `${n} change${n === 1 ? '' : 's'}`;
        if (result.failed)
          toast.error('Import stopped part-way', {
            description: `${changes} applied before a step failed; the page says which.`,
          });
        else toast.success(`Import applied: ${changes}`);
      },
      onError: (error) =>
        toast.error('Could not apply the import', { description: errorMessage(error) }),
    });
  };

  return (
    <div className="space-y-6">
      <ImportForm
        value={form}
        onChange={(next) => {
          // A plan belongs to the files and options it was made from.
          setForm(next);
          preview.reset();
          apply.reset();
        }}
        onPreview={runPreview}
        pending={preview.isPending}
        disabled={apply.isPending}
        error={preview.isError ? errorMessage(preview.error) : undefined}
      />
      {preview.isPending && <LoadingRows rows={3} label="Making the plan" />}
      {preview.isIdle && (
        <EmptyState icon={FileUp} title="No plan yet">
          Choose an export and preview the plan: it lists what the import creates, updates and
          deletes here.
        </EmptyState>
      )}
      {preview.data &&
        (apply.data ? (
          <ImportResult
            plan={preview.data.plan}
            result={apply.data}
            actions={
              // The plan has run: a new one compares the export with the server as it is now.
              <Button onClick={runPreview}>
                <RotateCw className="size-4" aria-hidden />
                Preview again
              </Button>
            }
          />
        ) : (
          <ImportPlan preview={preview.data} onApply={runApply} applying={apply.isPending} />
        ))}
    </div>
  );
}
