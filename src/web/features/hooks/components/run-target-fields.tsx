import { Field } from '@/web/components/ui/field';
import { Select } from '@/web/components/ui/select';
import { cn } from '@/web/lib/cn';

/** The stored applications and APIs a credentials-exchange hook can run against (undefined while loading). */
export interface RunnerTargets {
  applications: { client_id: string; name: string }[] | undefined;
  apis: { identifier: string; name: string }[] | undefined;
}

interface RunTargetFieldsProps {
  targets: RunnerTargets;
  clientId: string;
  audience: string;
  onChange: (patch: { clientId?: string; audience?: string }) => void;
  errors?: { clientId?: string; audience?: string };
  /** Side by side (a wide dialog) rather than stacked (the Runner's panel). */
  columns?: boolean;
}

/** "Application" and "API": a real stored pair for the Runner and for test cases. */
export function RunTargetFields({
  targets,
  clientId,
  audience,
  onChange,
  errors = {},
  columns,
}: RunTargetFieldsProps) {
  return (
    <div className={cn(columns ? 'grid gap-4 sm:grid-cols-2' : 'space-y-4')}>
      <Field
        label="Application"
        hint="The hook gets its name, metadata and the scopes it is granted on the API."
        error={errors.clientId}
      >
        {(control) => (
          <Select
            {...control}
            value={clientId}
            onChange={(e) => onChange({ clientId: e.target.value })}
          >
            <option value="">{targets.applications ? 'Choose an application' : 'Loading…'}</option>
            {targets.applications?.map((a) => (
              <option key={a.client_id} value={a.client_id}>
                {a.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="API" error={errors.audience}>
        {(control) => (
          <Select
            {...control}
            value={audience}
            onChange={(e) => onChange({ audience: e.target.value })}
          >
            <option value="">{targets.apis ? 'Choose an API' : 'Loading…'}</option>
            {targets.apis?.map((a) => (
              <option key={a.identifier} value={a.identifier}>
                {a.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </div>
  );
}
