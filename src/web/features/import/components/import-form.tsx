import type { ChangeEvent, FormEvent } from 'react';
import { Eye } from 'lucide-react';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { Checkbox } from '@/web/components/ui/checkbox';
import { controlStyles } from '@/web/components/ui/control-styles';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { cn } from '@/web/lib/cn';

export interface ImportFormValue {
  upload: File | null;
  keywords: File | null;
  allowDelete: boolean;
}

interface ImportFormProps {
  value: ImportFormValue;
  onChange: (value: ImportFormValue) => void;
  onPreview: () => void;
  pending: boolean;
  /** While a plan is applied, the inputs it was made from stay as they are. */
  disabled?: boolean;
  /** Why the last preview failed (bad file, unknown keyword, server error). */
  error?: string;
}

const fileInput = cn(
  controlStyles,
  'h-auto cursor-pointer py-1.5 text-muted',
  'file:mr-3 file:cursor-pointer file:rounded-md file:border file:border-line-strong file:bg-subtle file:px-2.5 file:py-1 file:text-[13px] file:font-medium file:text-fg hover:file:bg-line',
);

/** The export to import, its keyword mappings and whether deletions run. */
export function ImportForm({
  value,
  onChange,
  onPreview,
  pending,
  disabled,
  error,
}: ImportFormProps) {
  const pick = (key: 'upload' | 'keywords') => (event: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...value, [key]: event.target.files?.[0] ?? null });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.upload) onPreview();
  };
  return (
    <Card title="Export" description="Nothing changes until you apply the plan.">
      <form onSubmit={submit} noValidate>
        <fieldset disabled={disabled} className="space-y-5">
          {error && <FormAlert>{error}</FormAlert>}
          <Field
            label="Tenant export"
            hint={
              <>
                A <span className="font-mono">.zip</span> of a directory export (
                <span className="font-mono">clients/</span>,{' '}
                <span className="font-mono">resource-servers/</span>,{' '}
                <span className="font-mono">grants/</span>,{' '}
                <span className="font-mono">hooks/</span>) or a{' '}
                <span className="font-mono">tenant.yaml</span>. A tenant.yaml whose hooks name
                script files goes in a zip together with them.
              </>
            }
          >
            {(control) => (
              <input
                {...control}
                type="file"
                accept=".zip,.yaml,.yml"
                onChange={pick('upload')}
                className={fileInput}
              />
            )}
          </Field>
          <Field
            label="Keyword mappings (optional)"
            hint={
              <>
                A JSON object of <span className="font-mono">KEY: value</span> for the export’s{' '}
                <span className="font-mono">@@KEY@@</span> and{' '}
                <span className="font-mono">##KEY##</span> markers, or a Deploy CLI config with{' '}
                <span className="font-mono">AUTH0_KEYWORD_REPLACE_MAPPINGS</span>.
              </>
            }
          >
            {(control) => (
              <input
                {...control}
                type="file"
                accept=".json,.yaml,.yml"
                onChange={pick('keywords')}
                className={fileInput}
              />
            )}
          </Field>
          <Checkbox
            mono={false}
            className="-mx-2"
            label="Allow deletions"
            description="Delete the APIs, applications, grants and hooks the export lacks (for the types it holds). The Management API is never deleted."
            checked={value.allowDelete}
            onChange={(event) => onChange({ ...value, allowDelete: event.target.checked })}
          />
          <div className="flex justify-end border-t border-line pt-4">
            <Button type="submit" variant="primary" pending={pending} disabled={!value.upload}>
              <Eye className="size-4" aria-hidden />
              Preview plan
            </Button>
          </div>
        </fieldset>
      </form>
    </Card>
  );
}
