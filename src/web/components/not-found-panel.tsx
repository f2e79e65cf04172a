import { FileQuestion } from 'lucide-react';
import { EmptyState } from './ui/empty-state';
import { LinkButton } from './ui/link-button';

/** A detail page whose item does not exist (deleted, or a wrong link). */
export function NotFoundPanel({
  title,
  backTo,
  backLabel,
  children,
}: {
  title: string;
  backTo: string;
  backLabel: string;
  children?: string;
}) {
  return (
    <EmptyState
      icon={FileQuestion}
      title={title}
      action={<LinkButton to={backTo}>{backLabel}</LinkButton>}
    >
      {children}
    </EmptyState>
  );
}
