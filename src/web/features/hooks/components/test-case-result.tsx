import { Check, X } from 'lucide-react';
import type { HookTestRun } from '@/shared/schemas/hook-test';
import { cn } from '@/web/lib/cn';
import { ConsoleOutput } from './run-result';

type CaseResult = HookTestRun['cases'][number];

/**
 * One case of a run: each expectation with what was expected and what the run produced, unmet ones
 * marked (the server's checks, as it judged them), then what the hook printed.
 */
export function TestCaseResult({ result }: { result: CaseResult }) {
  const rows = result.checks;
  // The server's own lines show whenever the rows cannot explain a failure.
  const explained = result.passed || rows.some((r) => !r.met);
  return (
    <div className="space-y-3">
      {rows.length > 0 && (
        // One row group per expectation: what is checked, then expected and actual side by side
        // (claim names are URLs; a column of their own would break them in a 440px panel).
        <table
          aria-label={`Expected and actual: ${result.name}`}
          className="w-full table-fixed border-collapse overflow-hidden rounded-lg text-xs ring-1 ring-line"
        >
          <thead className="bg-subtle text-left text-[11px] tracking-wide text-muted uppercase">
            <tr>
              <th scope="col" className="px-2.5 py-1.5 font-medium">
                Expected
              </th>
              <th scope="col" className="px-2.5 py-1.5 font-medium">
                Actual
              </th>
            </tr>
          </thead>
          {rows.map((row, i) => (
            <tbody
              key={i}
              aria-label={row.label}
              className={cn('border-t border-line font-mono', !row.met && 'bg-danger-soft/60')}
            >
              <tr>
                <th
                  scope="rowgroup"
                  colSpan={2}
                  className="px-2.5 pt-1.5 text-left font-normal text-muted"
                >
                  <span className="flex items-start gap-1.5">
                    {row.met ? (
                      <Check
                        className="mt-px size-3.5 shrink-0 text-success-text"
                        role="img"
                        aria-label="Met"
                      />
                    ) : (
                      <X
                        className="mt-px size-3.5 shrink-0 text-danger-text"
                        role="img"
                        aria-label="Not met"
                      />
                    )}
                    <span className="min-w-0 [overflow-wrap:anywhere]">{row.label}</span>
                  </span>
                </th>
              </tr>
              <tr className="align-top">
                <td className="px-2.5 pt-0.5 pb-1.5 pl-7.5 text-fg [overflow-wrap:anywhere]">
                  {row.expected}
                </td>
                <td
                  className={cn(
                    'px-2.5 pt-0.5 pb-1.5 [overflow-wrap:anywhere]',
                    row.met ? 'text-fg' : 'font-semibold text-danger-text',
                  )}
                >
                  {row.actual}
                </td>
              </tr>
            </tbody>
          ))}
        </table>
      )}
      {!explained && result.failures.length > 0 && (
        <ul
          aria-label={`Differences: ${result.name}`}
          className="space-y-1 rounded-lg bg-danger-soft px-3 py-2 font-mono text-xs text-danger-text"
        >
          {result.failures.map((failure, i) => (
            <li key={i} className="break-words">
              {failure}
            </li>
          ))}
        </ul>
      )}
      <ConsoleOutput lines={result.logs} />
    </div>
  );
}
