import { NotFoundPanel } from '@/web/components/not-found-panel';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function NotFoundRoute() {
  useDocumentTitle('Not found');
  return (
    <div className="pt-10">
      <h1 className="sr-only">Page not found</h1>
      <NotFoundPanel title="This page does not exist" backTo="/apis" backLabel="Go to APIs">
        Check the address, or start from the APIs page.
      </NotFoundPanel>
    </div>
  );
}
