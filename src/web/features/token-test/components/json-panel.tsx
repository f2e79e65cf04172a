import { useId } from 'react';
import { CopyButton } from '@/web/components/ui/copy-button';
import { cn } from '@/web/lib/cn';

const tones = {
  header: 'border-t-jwt-header',
  payload: 'border-t-jwt-payload',
  signature: 'border-t-jwt-signature',
  neutral: 'border-t-line',
};

/** A formatted JSON part with its own copy button, topped with the part's jwt.io colour. */
export function JsonPanel({
  label,
  value,
  copyLabel,
  tone = 'neutral',
}: {
  label: string;
  value: unknown;
  copyLabel: string;
  tone?: keyof typeof tones;
}) {
  const captionId = useId();
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <figure
      aria-labelledby={captionId}
      className={cn(
        'overflow-hidden rounded-xl border border-t-[3px] border-line bg-code',
        tones[tone],
      )}
    >
      <div className="flex items-center justify-between border-b border-white/10 py-1 pr-1.5 pl-4">
        <span id={captionId} className="text-xs font-medium text-code-fg/70">
          {label}
        </span>
        <CopyButton
          value={text}
          label={copyLabel}
          size="sm"
          className="text-code-fg/70 hover:bg-white/10 hover:text-white"
        />
      </div>
      <pre className="max-h-96 overflow-auto p-4 font-mono text-[13px] leading-relaxed text-code-fg">
        <code>{text}</code>
      </pre>
    </figure>
  );
}
