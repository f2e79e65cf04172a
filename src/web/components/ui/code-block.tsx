import { useId } from 'react';
import { CopyButton } from './copy-button';

/**
 * A dark code panel with a copy button; the figure is named by its caption. `copyValue`, when the
 * shown code hides something (a masked secret), is what the button copies.
 */
export function CodeBlock({
  code,
  label,
  copyLabel,
  copyValue,
}: {
  code: string;
  label: string;
  copyLabel: string;
  copyValue?: string;
}) {
  const captionId = useId();
  return (
    <figure
      aria-labelledby={captionId}
      className="overflow-hidden rounded-xl border border-line bg-code"
    >
      <div className="flex items-center justify-between border-b border-white/10 py-1 pr-1.5 pl-4">
        <span id={captionId} className="text-xs font-medium text-code-fg/70">
          {label}
        </span>
        <CopyButton
          value={copyValue ?? code}
          label={copyLabel}
          size="sm"
          className="text-code-fg/70 hover:bg-white/10 hover:text-white"
        />
      </div>
      <pre className="overflow-x-auto p-4 font-mono text-[13px] leading-relaxed text-code-fg">
        <code>{code}</code>
      </pre>
    </figure>
  );
}
