import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Package, Plus, Trash2 } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { isExactVersion, isPackageName, modulesToAdd } from '@/shared/hook-modules';
import { Button } from '@/web/components/ui/button';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { IconButton } from '@/web/components/ui/icon-button';
import { Input } from '@/web/components/ui/input';
import { errorMessage } from '@/web/lib/query-client';
import { useUpdateHook } from '@/web/data/hooks/mutations';
import type { HookWorkspace } from '../workspace';

type Dependencies = Record<string, string>;

/**
 * The hook's npm modules (`dependencies`, as on Auth0): saving them resolves and installs them
 * from the server's registry, so a module that cannot be installed is refused with the server's
 * message. "Found in your code" lists the packages the editor's code requires that are not listed.
 */
export function HookModules({ workspace }: { workspace: HookWorkspace }) {
  const { tagged, draft } = workspace;
  const hook = tagged.data;
  const dependencies = hook.dependencies;
  const add = useUpdateHook(hook.id);
  const remove = useUpdateHook(hook.id);
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [errors, setErrors] = useState<{ name?: string; version?: string }>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const versionRef = useRef<HTMLInputElement>(null);
  const foundId = useId();
  const found = useMemo(() => modulesToAdd(draft, dependencies), [draft, dependencies]);
  const listed = Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b));

  // Each save sends the whole map with If-Match: a change over someone else's newer one is refused.
  const save = (mutation: typeof add, next: Dependencies, onSuccess: () => void) =>
    mutation.mutate({ patch: { dependencies: next }, ifMatch: tagged.etag }, { onSuccess });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wanted = name.trim();
    const exact = version.trim();
    const problems: typeof errors = {};
    if (!wanted) problems.name = 'Required';
    else if (!isPackageName(wanted))
      problems.name =
        'Not an npm package name: lowercase letters, digits, - . _ ~, optionally @scope/';
    else if (Object.hasOwn(dependencies, wanted))
      problems.name = `Already listed with version ${dependencies[wanted]}: remove it first to change it.`;
    if (!exact) problems.version = 'Required';
    else if (!isExactVersion(exact))
      problems.version = 'An exact version such as 1.7.9 (no ranges such as ^1.7.0, no tags)';
    setErrors(problems);
    if (problems.name) nameRef.current?.focus();
    else if (problems.version) versionRef.current?.focus();
    if (Object.keys(problems).length > 0) return;
    save(add, { ...dependencies, [wanted]: exact }, () => {
      toast.success(`${wanted}@${exact} added`);
      setName('');
      setVersion('');
    });
  };

  const prefill = (module: { name: string; version: string | undefined }) => {
    add.reset();
    setErrors({});
    setName(module.name);
    setVersion(module.version ?? '');
    // The version is what is left to type (or to check, when the code names one).
    versionRef.current?.focus();
  };

  return (
    <div className="space-y-5">
      <p className="text-[13px] text-muted">
        Packages the hook loads with{' '}
        <code className="rounded bg-subtle px-1 font-mono text-xs">require(&apos;name&apos;)</code>.
        Saving installs them from the server&apos;s npm registry; the hook keeps the exact versions
        it was saved with.
      </p>

      {remove.isError && <FormAlert>{errorMessage(remove.error)}</FormAlert>}
      {listed.length === 0 ? (
        <p className="rounded-lg border border-dashed border-line-strong px-4 py-6 text-center text-sm text-muted">
          No modules yet.
        </p>
      ) : (
        <ul aria-label="Modules" className="divide-y divide-line rounded-lg border border-line">
          {listed.map(([module, v]) => (
            <li key={module} className="flex items-center gap-3 px-3 py-2.5">
              <Package className="size-4 shrink-0 text-muted" aria-hidden />
              <span className="min-w-0 flex-1 truncate font-mono text-[13px]">{module}</span>
              <span className="shrink-0 font-mono text-[13px] text-muted tabular-nums">{v}</span>
              <IconButton
                danger
                label={`Remove ${module}`}
                title="Remove"
                disabled={remove.isPending}
                onClick={() => {
                  const { [module]: _removed, ...rest } = dependencies;
                  save(remove, rest, () => toast.success(`${module} removed`));
                }}
              >
                <Trash2 className="size-4" aria-hidden />
              </IconButton>
            </li>
          ))}
        </ul>
      )}

      <form
        onSubmit={submit}
        noValidate
        aria-label="Add a module"
        className="space-y-3 rounded-lg border border-line bg-canvas/60 p-4"
      >
        <h3 className="text-[13px] font-semibold">Add a module</h3>
        {add.isError && <FormAlert>{errorMessage(add.error)}</FormAlert>}
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_9rem]">
          <Field label="Package name" error={errors.name}>
            {(control) => (
              <Input
                {...control}
                ref={nameRef}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="axios"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                className="font-mono"
              />
            )}
          </Field>
          <Field label="Version" error={errors.version}>
            {(control) => (
              <Input
                {...control}
                ref={versionRef}
                value={version}
                onChange={(e) => setVersion(e.target.value)}
                placeholder="1.7.9"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                className="font-mono tabular-nums"
              />
            )}
          </Field>
        </div>
        <div className="flex justify-end">
          <Button type="submit" variant="primary" size="sm" pending={add.isPending}>
            Add module
          </Button>
        </div>
      </form>

      {found.length > 0 && (
        <section aria-labelledby={foundId} className="space-y-2">
          <h3 id={foundId} className="text-[13px] font-semibold">
            Found in your code
          </h3>
          <p className="text-[13px] text-muted">
            Required by the code in the editor but not listed above.
          </p>
          <ul
            aria-labelledby={foundId}
            className="divide-y divide-line rounded-lg border border-line"
          >
            {found.map((module) => (
              <li key={module.name} className="flex items-center gap-3 px-3 py-2">
                <span className="min-w-0 flex-1 truncate font-mono text-[13px]">
                  {module.name}
                  {module.version && <span className="text-muted">@{module.version}</span>}
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => prefill(module)}
                  aria-label={`Add ${module.name}`}
                >
                  <Plus className="size-3.5" aria-hidden />
                  Add
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
