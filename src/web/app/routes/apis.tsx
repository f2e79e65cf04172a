import { Suspense, useState } from 'react';
import { Plus } from 'lucide-react';
import { ApiList } from '@/web/features/apis/components/api-list';
import { Button } from '@/web/components/ui/button';
import { PageHeader } from '@/web/components/ui/page-header';
import { useDocumentTitle } from '@/web/lib/use-document-title';
import { lazyWithRetry } from '@/web/lib/lazy-import';

// Loaded on the first click: the form stays out of the first page's JavaScript (its budget: e2e/budget.spec.ts).
const CreateApiDialog = lazyWithRetry(() =>
  import('@/web/features/apis/components/create-api-dialog').then((m) => ({
    default: m.CreateApiDialog,
  })),
);

export function ApisRoute() {
  useDocumentTitle('APIs');
  // null until first opened; then the dialog stays mounted, so closing it restores focus as before.
  const [creating, setCreating] = useState<boolean | null>(null);
  return (
    <>
      <PageHeader
        title="APIs"
        description="The APIs your services protect. Applications get tokens for an API with the scopes you grant them."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden />
            Create API
          </Button>
        }
      />
      <ApiList onCreate={() => setCreating(true)} />
      {creating !== null && (
        <Suspense fallback={null}>
          <CreateApiDialog open={creating} onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </>
  );
}
