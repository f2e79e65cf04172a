import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ArrowRight } from 'lucide-react';
import type { Hook } from '@/shared/schemas/hook';
import { ErrorPanel } from '@/web/components/error-panel';
import { LazyCodeEditor } from '@/web/components/lazy-code-editor';
import { Select } from '@/web/components/ui/select';
import { Skeleton } from '@/web/components/ui/skeleton';
import { hookQueries } from '@/web/data/hooks/queries';
import { parseSideKey, sideKey, sideLabel, type DiffSide } from '../diff';

interface HookDiffProps {
  hook: Hook;
  draft: string;
  setDraft: (script: string) => void;
  onSave: () => void;
  onSaveDraft: () => void;
  left: DiffSide;
  right: DiffSide;
  onSidesChange: (left: DiffSide, right: DiffSide) => void;
  typings: string;
  className?: string;
}

/** A side's script: the draft is the editor's buffer, live is the hook, a version is fetched once. */
function useSideScript(hook: Hook, draft: string, side: DiffSide) {
  const version = useQuery({
    ...hookQueries.version(hook.id, side.kind === 'version' ? side.number : 0),
    enabled: side.kind === 'version',
  });
  if (side.kind === 'draft') return { script: draft };
  if (side.kind === 'live') return { script: hook.script };
  return {
    script: version.data?.script,
    error: version.error,
    retry: () => void version.refetch(),
  };
}

/**
 * Monaco's side-by-side diff between any two of the draft, live and the versions. With the draft
 * on the right it stays editable, so a change can be reviewed and fixed in one place.
 */
export function HookDiff({
  hook,
  draft,
  setDraft,
  onSave,
  onSaveDraft,
  left,
  right,
  onSidesChange,
  typings,
  className,
}: HookDiffProps) {
  const versions = useQuery(hookQueries.versions(hook.id, 0));
  const liveNumber = versions.data?.versions.find((v) => v.live)?.number;
  const from = useSideScript(hook, draft, left);
  const to = useSideScript(hook, draft, right);
  const fromId = useId();
  const toId = useId();

  const listed = versions.data?.versions.map((v) => v.number) ?? [];
  const extra = [left, right].flatMap((s) =>
    s.kind === 'version' && !listed.includes(s.number) ? [s.number] : [],
  );
  const options: DiffSide[] = [
    { kind: 'draft' },
    { kind: 'live' },
    ...[...listed, ...extra]
      .filter((n) => n !== liveNumber)
      .map((number) => ({ kind: 'version' as const, number })),
  ];
  const picker = (
    id: string,
    label: string,
    value: DiffSide,
    onChange: (side: DiffSide) => void,
  ) => (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-[13px] text-muted">
        {label}
      </label>
      <Select
        id={id}
        value={sideKey(value)}
        onChange={(e) => onChange(parseSideKey(e.target.value))}
        className="w-48"
      >
        {options.map((o) => (
          <option key={sideKey(o)} value={sideKey(o)}>
            {sideLabel(o, liveNumber)}
          </option>
        ))}
      </Select>
    </div>
  );

  const failed = from.error ?? to.error;
  return (
    <section
      aria-label="Diff"
      className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-xs"
    >
      <div className="flex flex-wrap items-center gap-3 border-b border-line px-4 py-2">
        {picker(fromId, 'Compare', left, (side) => onSidesChange(side, right))}
        <ArrowRight className="size-4 text-faint" aria-hidden />
        {picker(toId, 'with', right, (side) => onSidesChange(left, side))}
        <span className="ml-auto text-xs text-faint">
          {right.kind === 'draft'
            ? 'The draft side is editable; Ctrl+S saves it.'
            : 'Read-only: only the draft can be edited.'}
        </span>
      </div>
      {failed ? (
        <div className="p-4">
          <ErrorPanel
            title="Could not load the version"
            error={failed}
            onRetry={() => (from.retry ?? to.retry)?.()}
          />
        </div>
      ) : from.script === undefined || to.script === undefined ? (
        <div role="status" aria-label="Loading the diff" className={className}>
          <div className="space-y-2 p-4">
            <Skeleton className="h-3.5 w-2/3" />
            <Skeleton className="h-3.5 w-1/2" />
          </div>
        </div>
      ) : (
        <LazyCodeEditor
          label="Hook diff"
          path={`hook-${hook.id}`}
          typings={typings}
          value={to.script}
          onChange={right.kind === 'draft' ? setDraft : () => {}}
          readOnly={right.kind !== 'draft'}
          onSave={onSave}
          onSaveDraft={onSaveDraft}
          diff={{
            original: from.script,
            originalLabel: sideLabel(left, liveNumber),
            modifiedLabel: sideLabel(right, liveNumber),
          }}
          className={className}
        />
      )}
    </section>
  );
}
