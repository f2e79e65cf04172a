import type { ReactNode } from 'react';

/**
 * The page's h1, a sentence about it, and its main action. `level: 2` for a section of a page
 * that has its own h1 above (a Settings tab).
 */
export function PageHeader({
  title,
  description,
  actions,
  eyebrow,
  level = 1,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
  level?: 1 | 2;
}) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0 break-words">
        {eyebrow}
        <Heading
          className={
            level === 1
              ? 'text-2xl font-semibold tracking-tight text-fg'
              : 'text-lg font-semibold text-fg'
          }
        >
          {title}
        </Heading>
        {description && <div className="mt-1 text-sm text-muted">{description}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
