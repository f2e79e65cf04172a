import { useId, type ReactNode } from 'react';
import { cn } from '@/web/lib/cn';

interface CardProps {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  tone?: 'default' | 'danger';
}

/** A titled section of a page; its title names the region for assistive technology. */
export function Card({
  title,
  description,
  actions,
  children,
  className,
  tone = 'default',
}: CardProps) {
  const titleId = useId();
  return (
    <section
      aria-labelledby={title ? titleId : undefined}
      className={cn(
        'rounded-xl border bg-surface shadow-xs',
        tone === 'danger' ? 'border-danger/40' : 'border-line',
        className,
      )}
    >
      {title && (
        <header className="flex items-start justify-between gap-4 border-b border-line px-6 py-4">
          <div>
            <h2
              id={titleId}
              className={cn('text-[15px] font-semibold', tone === 'danger' && 'text-danger-text')}
            >
              {title}
            </h2>
            {description && <p className="mt-0.5 text-[13px] text-muted">{description}</p>}
          </div>
          {actions}
        </header>
      )}
      <div className="px-6 py-5">{children}</div>
    </section>
  );
}
