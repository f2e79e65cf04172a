import type { Hook } from '@/shared/schemas/hook';
import { LazyCodeEditor } from '@/web/components/lazy-code-editor';
import { isMac } from '../use-save-shortcuts';
import type { CodeProblem, HookDraftState } from '../use-workspace-actions';

interface HookCodePaneProps {
  hook: Hook;
  draft: HookDraftState;
  typings: string;
  problem: CodeProblem | null;
  onSave: () => void;
  onRun: () => void;
}

/** The "Code" section: the file's name, the editor's shortcuts and the editor on the draft. */
export function HookCodePane({ hook, draft, typings, problem, onSave, onRun }: HookCodePaneProps) {
  return (
    <section
      aria-label="Code"
      className="flex min-w-0 flex-col overflow-hidden rounded-xl border border-line bg-surface shadow-xs"
    >
      <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-2">
        <span className="flex items-center gap-2 font-mono text-[13px] text-muted">
          {hook.triggerId}.js
          {draft.dirty && (
            <span
              className="size-2 rounded-full bg-warning-text"
              title="Unsaved changes"
              aria-hidden
            />
          )}
        </span>
        <span className="text-xs text-faint">
          <kbd className="font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>+
          <kbd className="font-sans">Space</kbd> completes ·{' '}
          <kbd className="font-sans">{isMac ? '⌘' : 'Ctrl'}</kbd>+
          <kbd className="font-sans">Enter</kbd> runs
        </span>
      </div>
      <LazyCodeEditor
        label="Hook code"
        path={`hook-${hook.id}`}
        typings={typings}
        value={draft.draft}
        onChange={draft.setDraft}
        onSave={onSave}
        onSaveDraft={() => void draft.saveDraft()}
        onRun={onRun}
        problem={problem}
        className="h-[calc(100vh-22.5rem)] min-h-[420px]"
      />
    </section>
  );
}
