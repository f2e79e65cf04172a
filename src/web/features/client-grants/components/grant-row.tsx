import { useEffect, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ChevronDown } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import type { ClientGrant } from '@/shared/schemas/client-grant';
import type { ResourceServerScope } from '@/shared/schemas/resource-server';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { Checkbox } from '@/web/components/ui/checkbox';
import { Switch } from '@/web/components/ui/switch';
import { cn } from '@/web/lib/cn';
import {
  useCreateClientGrant,
  useDeleteClientGrant,
  useUpdateClientGrant,
} from '@/web/data/client-grants/mutations';

export interface GrantTarget {
  key: string;
  title: string;
  subtitle: string;
  href: string;
  badge?: string;
  client_id: string;
  audience: string;
  /** The API's scopes: what the checklist offers. */
  scopes: ResourceServerScope[];
}

interface GrantRowProps {
  target: GrantTarget;
  grant: ClientGrant | undefined;
  noScopes: ReactNode;
}

/** One application × API pair: authorized or not, and with which of the API's scopes. */
export function GrantRow({ target, grant, noScopes }: GrantRowProps) {
  const switchLabelId = useId();
  const panelId = useId();
  const [expanded, setExpanded] = useState(false);
  const [draft, setDraft] = useState<string[]>(grant?.scope ?? []);
  const create = useCreateClientGrant();
  const update = useUpdateClientGrant();
  const remove = useDeleteClientGrant();

  const saved = grant?.scope ?? [];
  const savedKey = saved.join(' ');
  useEffect(() => setDraft(savedKey ? savedKey.split(' ') : []), [savedKey]);
  const dirty = draft.length !== saved.length || draft.some((s) => !saved.includes(s));

  const toggleAuthorized = (on: boolean) => {
    if (on) {
      create.mutate(
        { client_id: target.client_id, audience: target.audience, scope: [] },
        {
          onSuccess: () => {
            setExpanded(true);
            toast.success(`Authorized ${target.title}`, {
              description: 'Now choose the scopes it may request.',
            });
          },
        },
      );
    } else if (grant) {
      remove.mutate(grant.id, {
        onSuccess: () => toast.success(`Authorization removed for ${target.title}`),
      });
    }
  };

  const toggleScope = (value: string, on: boolean) =>
    setDraft((current) => (on ? [...current, value] : current.filter((s) => s !== value)));

  const save = () => {
    if (!grant) return;
    // Keep the API's order, so the saved grant reads like the API's scope list.
    const ordered = target.scopes.map((s) => s.value).filter((v) => draft.includes(v));
    const extra = draft.filter((v) => !ordered.includes(v));
    update.mutate(
      { id: grant.id, scope: [...ordered, ...extra] },
      { onSuccess: () => toast.success('Scopes saved') },
    );
  };

  const busy = create.isPending || remove.isPending;
  const authorized = grant !== undefined;

  return (
    <section aria-label={target.title} className={cn('px-5 py-4', authorized && 'bg-surface')}>
      <div className="flex items-center gap-4">
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <Link
              to={target.href}
              className="truncate font-medium text-fg hover:text-accent-text hover:underline"
            >
              {target.title}
            </Link>
            {target.badge && <Badge>{target.badge}</Badge>}
          </div>
          <p className="mt-0.5 truncate font-mono text-xs text-muted">{target.subtitle}</p>
        </div>
        {authorized && (
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={panelId}
            onClick={() => setExpanded((v) => !v)}
            className="inline-flex cursor-pointer items-center gap-1 rounded-md px-2 py-1 text-[13px] text-muted hover:bg-subtle hover:text-fg"
          >
            {saved.length} of {target.scopes.length} scopes
            <ChevronDown
              className={cn('size-4 transition-transform', expanded && 'rotate-180')}
              aria-hidden
            />
          </button>
        )}
        <div className="flex items-center gap-2.5">
          <span id={switchLabelId} className="text-[13px] text-muted">
            Authorized
          </span>
          <Switch
            aria-labelledby={switchLabelId}
            checked={authorized}
            disabled={busy}
            onCheckedChange={toggleAuthorized}
          />
        </div>
      </div>

      {authorized && expanded && (
        <div id={panelId} className="mt-4 rounded-lg border border-line bg-canvas/60 p-4">
          {target.scopes.length === 0 ? (
            <p className="text-sm text-muted">{noScopes}</p>
          ) : (
            <fieldset>
              <legend className="sr-only">Scopes granted to {target.title}</legend>
              <div className="mb-2 flex items-center justify-between">
                <p aria-hidden className="text-[13px] font-medium text-fg">
                  Scopes
                </p>
                <div className="flex gap-1">
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setDraft(target.scopes.map((s) => s.value))}
                  >
                    Select all
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setDraft([])}>
                    Select none
                  </Button>
                </div>
              </div>
              <div className="grid gap-x-4 gap-y-0.5 sm:grid-cols-2 xl:grid-cols-3">
                {target.scopes.map((scope) => (
                  <Checkbox
                    key={scope.value}
                    label={scope.value}
                    description={scope.description}
                    checked={draft.includes(scope.value)}
                    onChange={(e) => toggleScope(scope.value, e.target.checked)}
                  />
                ))}
              </div>
              <div className="mt-4 flex items-center justify-end gap-2">
                {dirty && <span className="mr-auto text-[13px] text-muted">Unsaved changes</span>}
                <Button size="sm" disabled={!dirty} onClick={() => setDraft(saved)}>
                  Reset
                </Button>
                <Button
                  size="sm"
                  variant="primary"
                  disabled={!dirty}
                  pending={update.isPending}
                  onClick={save}
                >
                  Save scopes
                </Button>
              </div>
            </fieldset>
          )}
        </div>
      )}
    </section>
  );
}
