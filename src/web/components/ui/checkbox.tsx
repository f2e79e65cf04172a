import type { ComponentProps, ReactNode } from 'react';
import { cn } from '@/web/lib/cn';

type CheckboxProps = Omit<ComponentProps<'input'>, 'type'> & {
  label: ReactNode;
  description?: ReactNode;
  /** Labels that are values (scopes) read as code; sentences do not. */
  mono?: boolean;
};

/** A native checkbox with its label (the whole row is clickable). */
export function Checkbox({
  label,
  description,
  mono = true,
  className,
  disabled,
  ...props
}: CheckboxProps) {
  return (
    <label
      className={cn(
        'flex items-start gap-2.5 rounded-md px-2 py-1.5',
        disabled ? 'cursor-not-allowed opacity-60' : 'cursor-pointer hover:bg-subtle',
        className,
      )}
    >
      <input
        type="checkbox"
        disabled={disabled}
        className="mt-0.5 size-4 shrink-0 cursor-[inherit] accent-accent"
        {...props}
      />
      <span className="min-w-0">
        <span
          className={cn(
            'block text-fg',
            mono ? 'font-mono text-[13px] break-all' : 'text-sm font-medium',
          )}
        >
          {label}
        </span>
        {description && <span className="block text-[13px] text-muted">{description}</span>}
      </span>
    </label>
  );
}
