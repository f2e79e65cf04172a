import type { ReactNode } from 'react';
import { cn } from '@/web/lib/cn';

const tones = {
  neutral: 'bg-subtle text-muted ring-line',
  accent: 'bg-accent-soft text-accent-text ring-accent/20',
  success: 'bg-success-soft text-success-text ring-success-text/20',
  warning: 'bg-warning-soft text-warning-text ring-warning-text/20',
  danger: 'bg-danger-soft text-danger-text ring-danger-text/20',
};

export function Badge({
  tone = 'neutral',
  children,
  className,
}: {
  tone?: keyof typeof tones;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        'inline-flex shrink-0 items-center gap-1 rounded-md whitespace-nowrap px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
