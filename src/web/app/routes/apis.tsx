import { useState } from 'react';
import { Plus } from 'lucide-react';
import { ApiList } from '@/web/features/apis/components/api-list';
import { CreateApiDialog } from '@/web/features/apis/components/create-api-dialog';
import { Button } from '@/web/components/ui/button';
import { PageHeader } from '@/web/components/ui/page-header';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function ApisRoute() {
  useDocumentTitle('APIs');
  const [creating, setCreating] = useState(false);
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
      <CreateApiDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
