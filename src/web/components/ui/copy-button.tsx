import { useEffect, useState } from 'react';
import { Check, Copy } from 'lucide-react';
import { toast } from '@/web/lib/toast';
import { copyText } from '@/web/lib/clipboard';
import { cn } from '@/web/lib/cn';

/** Icon button that copies `value`; `label` is its accessible name ("Copy client secret"). */
export function CopyButton({
  value,
  label,
  size = 'md',
  className,
}: {
  value: string;
  label: string;
  size?: 'sm' | 'md';
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={async () => {
        try {
          await copyText(value);
          setCopied(true);
          toast.success('Copied to clipboard');
        } catch {
          toast.error('Could not copy; select the text and copy it by hand.');
        }
      }}
      className={cn(
        'inline-flex shrink-0 cursor-pointer items-center justify-center rounded-lg text-muted hover:text-fg',
        size === 'md'
          ? 'size-9 border border-line-strong bg-surface shadow-xs hover:bg-subtle'
          : 'size-7 hover:bg-subtle',
        className,
      )}
    >
      {copied ? (
        <Check
          className={cn(size === 'md' ? 'size-4' : 'size-3.5', 'text-success-text')}
          aria-hidden
        />
      ) : (
        <Copy className={size === 'md' ? 'size-4' : 'size-3.5'} aria-hidden />
      )}
    </button>
  );
}
