import { Suspense, useState } from 'react';
import { Plus } from 'lucide-react';
import { ApplicationList } from '@/web/features/applications/components/application-list';
import { Button } from '@/web/components/ui/button';
import { PageHeader } from '@/web/components/ui/page-header';
import { useDocumentTitle } from '@/web/lib/use-document-title';
import { lazyWithRetry } from '@/web/lib/lazy-import';

// Loaded on the first click: the form stays out of the first page's JavaScript (its budget: e2e/budget.spec.ts).
const CreateApplicationDialog = lazyWithRetry(() =>
  import('@/web/features/applications/components/create-application-dialog').then((m) => ({
    default: m.CreateApplicationDialog,
  })),
);

export function ApplicationsRoute() {
  useDocumentTitle('Applications');
  // null until first opened; then the dialog stays mounted, so closing it restores focus as before.
  const [creating, setCreating] = useState<boolean | null>(null);
  return (
    <>
      <PageHeader
        title="Applications"
        description="Machine-to-machine applications: services and scripts that get tokens with their client ID and secret."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus className="size-4" aria-hidden />
            Create Application
          </Button>
        }
      />
      <ApplicationList onCreate={() => setCreating(true)} />
      {creating !== null && (
        <Suspense fallback={null}>
          <CreateApplicationDialog open={creating} onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </>
  );
}
