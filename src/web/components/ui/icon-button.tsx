import type { ComponentProps } from 'react';
import { cn } from '@/web/lib/cn';

type IconButtonProps = Omit<ComponentProps<'button'>, 'aria-label'> & {
  /** The accessible name, e.g. "Delete billing-hook"; the icon inside is decorative. */
  label: string;
  /** Red on hover, for deleting. */
  danger?: boolean;
  size?: 'sm' | 'md';
};

/** A row's icon-only action (edit, delete), named for assistive technology and with a tooltip. */
export function IconButton({
  label,
  danger,
  size = 'md',
  className,
  type = 'button',
  ...props
}: IconButtonProps) {
  return (
    <button
      type={type}
      aria-label={label}
      className={cn(
        'inline-flex cursor-pointer items-center justify-center rounded-md text-muted',
        size === 'md' ? 'size-8' : 'size-7',
        danger ? 'hover:bg-danger-soft hover:text-danger-text' : 'hover:bg-subtle hover:text-fg',
        className,
      )}
      {...props}
    />
  );
}
