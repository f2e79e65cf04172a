import type { ComponentProps } from 'react';
import { cn } from '@/web/lib/cn';
import { controlStyles } from './control-styles';

export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input className={cn(controlStyles, 'h-9 read-only:bg-subtle', className)} {...props} />;
}
