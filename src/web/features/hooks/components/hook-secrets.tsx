import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { KeyRound, Trash2 } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { hookSecretNameSchema, MAX_HOOK_SECRETS } from '@/shared/schemas/hook';
import { ErrorPanel } from '@/web/components/error-panel';
import { Button } from '@/web/components/ui/button';
import { ConfirmDialog } from '@/web/components/ui/confirm-dialog';
import { Field } from '@/web/components/ui/field';
import { IconButton } from '@/web/components/ui/icon-button';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { LoadingRows } from '@/web/components/ui/loading-rows';
import { fieldErrors } from '@/web/lib/form';
import { errorMessage } from '@/web/lib/query-client';
import { hookQueries } from '@/web/data/hooks/queries';
import { useDeleteHookSecret, useSetHookSecret } from '@/web/data/hooks/secret-mutations';

/**
 * Secrets reach the hook as `context.webtask.secrets`. Values are write-only: the server never
 * sends them back, so the list shows names only, and a value can be replaced but not read.
 */
export function HookSecrets({ hookId }: { hookId: string }) {
  const query = useQuery(hookQueries.secrets(hookId));
  const unset = useQuery(hookQueries.unsetSecrets(hookId));
  return (
    <div className="space-y-5">
      <p className="text-[13px] text-muted">
        Read them in the hook as{' '}
        <code className="rounded bg-subtle px-1 font-mono text-xs">
          context.webtask.secrets.NAME
        </code>
        . Values are encrypted at rest and never shown again.
      </p>
      {query.isPending ? (
        <LoadingRows label="Loading secrets" rows={2} />
      ) : query.isError ? (
        <ErrorPanel
          title="Could not load the secrets"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <>
          {query.data.length === 0 ? (
            <p className="rounded-lg border border-dashed border-line-strong px-4 py-6 text-center text-sm text-muted">
              No secrets yet.
            </p>
          ) : (
            <ul aria-label="Secrets" className="divide-y divide-line rounded-lg border border-line">
              {query.data.map((name) => (
                <SecretRow
                  key={name}
                  hookId={hookId}
                  name={name}
                  needsValue={unset.data?.includes(name) ?? false}
                />
              ))}
            </ul>
          )}
          {query.data.length < MAX_HOOK_SECRETS ? (
            <AddSecretForm hookId={hookId} existing={query.data} />
          ) : (
            <p className="text-[13px] text-muted">
              A hook can have at most {MAX_HOOK_SECRETS} secrets.
            </p>
          )}
        </>
      )}
    </div>
  );
}

function AddSecretForm({ hookId, existing }: { hookId: string; existing: string[] }) {
  const add = useSetHookSecret(hookId);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<{ name?: string; value?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = hookSecretNameSchema.safeParse(name);
    const found: typeof errors = {};
    if (!name) found.name = 'Required';
    else if (!parsed.success) found.name = fieldErrors(parsed.error)._form;
    else if (existing.includes(name))
      found.name = 'A secret with this name exists: update it in the list.';
    if (!value) found.value = 'Required';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    add.mutate(
      { name, value, mode: 'add' },
      {
        onSuccess: () => {
          toast.success(`Secret ${name} added`);
          setName('');
          setValue('');
        },
      },
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Add a secret"
      className="space-y-3 rounded-lg border border-line bg-canvas/60 p-4"
    >
      <h3 className="text-[13px] font-semibold">Add a secret</h3>
      {add.isError && <FormAlert>{errorMessage(add.error)}</FormAlert>}
      <Field label="Secret name" error={errors.name}>
        {(control) => (
          <Input
            {...control}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="API_KEY"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        )}
      </Field>
      <Field label="Secret value" error={errors.value}>
        {(control) => (
          <Input
            {...control}
            type="password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="new-password"
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" size="sm" pending={add.isPending}>
          Add secret
        </Button>
      </div>
    </form>
  );
}

/** `needsValue`: created without one (an imported export); the hook runs without it. */
function SecretRow({
  hookId,
  name,
  needsValue,
}: {
  hookId: string;
  name: string;
  needsValue: boolean;
}) {
  const update = useSetHookSecret(hookId);
  const remove = useDeleteHookSecret(hookId);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [confirming, setConfirming] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value) return;
    update.mutate(
      { name, value, mode: 'update' },
      {
        onSuccess: () => {
          toast.success(`Secret ${name} updated`);
          setEditing(false);
          setValue('');
        },
      },
    );
  };

  return (
    <li className="px-3 py-2.5">
      <div className="flex items-center gap-3">
        <KeyRound className="size-4 shrink-0 text-muted" aria-hidden />
        <span className="min-w-0 flex-1 truncate font-mono text-[13px]">{name}</span>
        {needsValue ? (
          <span
            className="text-[13px] font-medium text-warning-text"
            title="Imported without a value: the hook runs without it until you set one"
          >
            Needs a value
          </span>
        ) : (
          <span
            className="font-mono text-[13px] tracking-widest text-faint"
            aria-label="Value hidden"
          >
            ••••••••
          </span>
        )}
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setEditing((v) => !v)}
          aria-expanded={editing}
          aria-label={`Update ${name}`}
        >
          Update
        </Button>
        <IconButton
          danger
          label={`Delete ${name}`}
          title="Delete"
          onClick={() => setConfirming(true)}
        >
          <Trash2 className="size-4" aria-hidden />
        </IconButton>
      </div>
      {editing && (
        <form onSubmit={submit} noValidate className="mt-2 flex items-end gap-2 pl-7">
          {update.isError && <FormAlert>{errorMessage(update.error)}</FormAlert>}
          <Field label={`New value for ${name}`} className="flex-1">
            {(control) => (
              <Input
                {...control}
                type="password"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                autoComplete="new-password"
                autoFocus
              />
            )}
          </Field>
          <Button
            type="submit"
            size="sm"
            variant="primary"
            disabled={!value}
            pending={update.isPending}
            className="mb-0.5"
          >
            Save
          </Button>
        </form>
      )}
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Delete secret?"
        confirmLabel="Delete secret"
        danger
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(name, {
            onSuccess: () => {
              setConfirming(false);
              toast.success(`Secret ${name} deleted`);
            },
          })
        }
      >
        <p>
          The hook will no longer find <span className="font-mono text-fg">{name}</span> in{' '}
          <span className="font-mono">context.webtask.secrets</span>.
        </p>
      </ConfirmDialog>
    </li>
  );
}
