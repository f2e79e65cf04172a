import { useState } from 'react';
import { FlaskConical, Plus } from 'lucide-react';
import type { HookTrigger } from '@/shared/schemas/hook';
import { Button } from '@/web/components/ui/button';
import { LinkButton } from '@/web/components/ui/link-button';
import { Notice } from '@/web/components/ui/notice';
import { PageHeader } from '@/web/components/ui/page-header';
import { CreateHookDialog } from '@/web/features/hooks/components/create-hook-dialog';
import { HookList } from '@/web/features/hooks/components/hook-list';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function HooksRoute() {
  useDocumentTitle('Hooks');
  const [creating, setCreating] = useState<{ triggerId?: HookTrigger } | null>(null);
  return (
    <>
      <PageHeader
        title="Hooks"
        description="Your code, run at extensibility points: change the scopes of a token, add custom claims, or refuse it."
        actions={
          <>
            <LinkButton to="/hooks/test">
              <FlaskConical className="size-4" aria-hidden />
              Test
            </LinkButton>
            <Button variant="primary" onClick={() => setCreating({})}>
              <Plus className="size-4" aria-hidden />
              Create New Hook
            </Button>
          </>
        }
      />
      <div className="mb-6">
        <Notice>
          You can create several hooks per extensibility point, but{' '}
          <strong className="font-semibold">only one</strong> can be enabled. The enabled hook runs
          for <strong className="font-semibold">all</strong> applications and APIs.
        </Notice>
      </div>
      <HookList onCreate={(triggerId) => setCreating({ triggerId })} />
      <CreateHookDialog
        open={creating !== null}
        onClose={() => setCreating(null)}
        triggerId={creating?.triggerId}
      />
    </>
  );
}
