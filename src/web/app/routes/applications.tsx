import { useState } from 'react';
import { Plus } from 'lucide-react';
import { ApplicationList } from '@/web/features/applications/components/application-list';
import { CreateApplicationDialog } from '@/web/features/applications/components/create-application-dialog';
import { Button } from '@/web/components/ui/button';
import { PageHeader } from '@/web/components/ui/page-header';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function ApplicationsRoute() {
  useDocumentTitle('Applications');
  const [creating, setCreating] = useState(false);
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
      <CreateApplicationDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
