import { Skeleton } from './ui/skeleton';

/** A detail page's outline while it loads. */
export function DetailSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label}>
      <Skeleton className="h-4 w-20" />
      <div className="mt-4 flex items-center gap-4">
        <Skeleton className="size-12 rounded-xl" />
        <div className="space-y-2">
          <Skeleton className="h-6 w-56" />
          <Skeleton className="h-4 w-80" />
        </div>
      </div>
      <Skeleton className="mt-8 h-9 w-full max-w-md" />
      <Skeleton className="mt-6 h-72 w-full" />
    </div>
  );
}
