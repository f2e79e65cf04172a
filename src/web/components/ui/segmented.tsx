import type { ComponentType } from 'react';
import { cn } from '@/web/lib/cn';

export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
  icon?: ComponentType<{ className?: string; 'aria-hidden'?: boolean }>;
}

type SegmentedProps<T extends string> = {
  value: T;
  onChange: (value: T) => void;
  options: readonly SegmentedOption<T>[];
} & ({ labelledBy: string; label?: never } | { label: string; labelledBy?: never });

/** A choice of two or three shown side by side (radio buttons): "Run against", "View". */
export function Segmented<T extends string>({
  value,
  onChange,
  options,
  label,
  labelledBy,
}: SegmentedProps<T>) {
  return (
    <div
      role="radiogroup"
      aria-label={label}
      aria-labelledby={labelledBy}
      className="inline-flex rounded-lg border border-line bg-subtle p-0.5"
    >
      {options.map(({ value: option, label: text, icon: Icon }) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={value === option}
          onClick={() => onChange(option)}
          className={cn(
            'inline-flex cursor-pointer items-center gap-1.5 rounded-md px-3 py-1 text-[13px] font-medium transition-colors',
            value === option ? 'bg-surface text-fg shadow-xs' : 'text-muted hover:text-fg',
          )}
        >
          {Icon && <Icon className="size-3.5" aria-hidden />}
          {text}
        </button>
      ))}
    </div>
  );
}
