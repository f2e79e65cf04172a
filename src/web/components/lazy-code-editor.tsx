import { Suspense } from 'react';
import type { CodeEditorProps } from './code-editor';
import { Skeleton } from './ui/skeleton';
import { lazyWithRetry } from '@/web/lib/lazy-import';

const CodeEditor = lazyWithRetry(() =>
  import('./code-editor').then((m) => ({ default: m.CodeEditor })),
);

/** `CodeEditor`, loaded on first use so Monaco stays out of the pages that do not edit code. */
export function LazyCodeEditor(props: CodeEditorProps) {
  return (
    <Suspense
      fallback={
        <div role="status" aria-label="Loading the editor" className={props.className}>
          <div className="space-y-2 p-4">
            <Skeleton className="h-3.5 w-2/3" />
            <Skeleton className="h-3.5 w-1/2" />
            <Skeleton className="h-3.5 w-3/5" />
          </div>
        </div>
      }
    >
      <CodeEditor {...props} />
    </Suspense>
  );
}
