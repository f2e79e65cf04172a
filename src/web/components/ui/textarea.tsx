import type { ComponentProps } from 'react';
import { cn } from '@/web/lib/cn';
import { controlStyles } from './control-styles';

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea className={cn(controlStyles, 'min-h-20 py-2', className)} {...props} />;
}
