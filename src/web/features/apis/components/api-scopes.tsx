import { useState, type FormEvent } from 'react';
import { KeyRound, Trash2 } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import {
  resourceServerScopeSchema,
  resourceServerUpdateSchema,
  type ResourceServer,
  type ResourceServerScope,
} from '@/shared/schemas/resource-server';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { EmptyState } from '@/web/components/ui/empty-state';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Notice } from '@/web/components/ui/notice';
import { Table } from '@/web/components/ui/table';
import { tableStyles as t } from '@/web/components/ui/table-styles';
import { fieldErrors, type FieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { useUpdateResourceServer } from '@/web/data/resource-servers/mutations';

/** The API's scopes (Auth0's "permissions"): add with a description, remove. */
export function ApiScopes({ api }: { api: ResourceServer }) {
  const readOnly = api.is_system;
  const update = useUpdateResourceServer(api.id, { silentError: true });
  const [removing, setRemoving] = useState<ResourceServerScope | null>(null);

  const remove = (scope: ResourceServerScope) =>
    update.mutate(
      { scopes: api.scopes.filter((s) => s.value !== scope.value) },
      {
        onSuccess: () => {
          toast.success(`Scope ${scope.value} removed`);
          setRemoving(null);
        },
        onError: (error) => toast.error(errorMessage(error)),
      },
    );

  return (
    <div className="space-y-6">
      {readOnly ? (
        <Notice>
          The Management API's scopes are fixed: they are Auth0's Management API scopes, checked on
          every /api/v2 request.
        </Notice>
      ) : (
        <AddScopeForm api={api} />
      )}
      {api.scopes.length === 0 ? (
        <EmptyState icon={KeyRound} title="No scopes yet">
          Scopes name what an application may do with this API, e.g. read:orders. Add the first one
          above.
        </EmptyState>
      ) : (
        <Table label="Scopes">
          <thead className={t.head}>
            <tr>
              <th className={t.th}>Scope</th>
              <th className={t.th}>Description</th>
              {!readOnly && (
                <th className={`${t.th} w-16`}>
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {api.scopes.map((scope) => (
              <tr key={scope.value} className={t.row}>
                <td className={`${t.td} font-mono text-[13px]`}>{scope.value}</td>
                <td className={`${t.td} text-muted`}>{scope.description || '—'}</td>
                {!readOnly && (
                  <td className={`${t.td} text-right`}>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove ${scope.value}`}
                      onClick={() => setRemoving(scope)}
                    >
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove scope?"
        confirmLabel="Remove scope"
        danger
        pending={update.isPending}
        onConfirm={() => removing && remove(removing)}
      >
        <p>
          Applications will no longer get{' '}
          <span className="font-mono font-medium text-fg">{removing?.value}</span> in new tokens for{' '}
          {api.name}.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function AddScopeForm({ api }: { api: ResourceServer }) {
  const update = useUpdateResourceServer(api.id, { silentError: true });
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  /** Editing a field takes its error away: it was about what the field said before. */
  const edit = (field: 'value' | 'description', next: string) => {
    (field === 'value' ? setValue : setDescription)(next);
    if (errors[field])
      setErrors((current) =>
        Object.fromEntries(Object.entries(current).filter(([k]) => k !== field)),
      );
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const scope = resourceServerScopeSchema.safeParse({
      value: value.trim(),
      description: description.trim() || undefined,
    });
    const found = scope.success ? {} : fieldErrors(scope.error);
    if (scope.success && api.scopes.some((s) => s.value === scope.data.value))
      found.value = 'This API already has that scope';
    setErrors(found);
    if (!scope.success || Object.keys(found).length > 0) return;
    const patch = resourceServerUpdateSchema.parse({ scopes: [...api.scopes, scope.data] });
    update.mutate(patch, {
      onSuccess: () => {
        toast.success(`Scope ${scope.data.value} added`);
        setValue('');
        setDescription('');
      },
    });
  };

  return (
    <Card
      title="Add a scope"
      description="Scopes are the permissions an application can be granted on this API."
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {update.isError && <FormAlert>{errorMessage(update.error)}</FormAlert>}
        <div className="grid items-start gap-4 md:grid-cols-[1fr_1.4fr_auto]">
          <Field label="Scope" error={errors.value}>
            {(control) => (
              <Input
                {...control}
                value={value}
                onChange={(e) => edit('value', e.target.value)}
                placeholder="read:orders"
                className="font-mono"
                spellCheck={false}
                autoComplete="off"
              />
            )}
          </Field>
          <Field label="Description" error={errors.description}>
            {(control) => (
              <Input
                {...control}
                value={description}
                onChange={(e) => edit('description', e.target.value)}
                placeholder="Read orders"
                autoComplete="off"
              />
            )}
          </Field>
          <Button
            type="submit"
            variant="primary"
            pending={update.isPending}
            className="md:mt-[26px]"
          >
            Add scope
          </Button>
        </div>
      </form>
    </Card>
  );
}
