import { useEffect, useId, useRef, useState } from 'react';
import MonacoEditor, {
  DiffEditor,
  loader,
  type BeforeMount,
  type DiffOnMount,
  type OnMount,
} from '@monaco-editor/react';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import TypeScriptWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import { cn } from '@/web/lib/cn';
import { useTheme } from '@/web/lib/theme';
import { monaco, typescript } from './monaco';

/*
 * The console's only Monaco wrapper. Monaco comes from the npm package, never a CDN: `loader.config`
 * hands @monaco-editor/react this bundle (trimmed in `monaco.ts`), and Vite bundles the workers it
 * needs (the editor's, the TypeScript language service for IntelliSense, and JSON's for test
 * payloads), so nothing is fetched from another origin. The editor's and JSON's workers start
 * with the first model of their language; the TypeScript one waits for `startLanguageService`.
 * Import this module lazily (see `lazy-code-editor.tsx`): it is most of a megabyte of JavaScript.
 */

/**
 * The TypeScript worker (completions, hover docs, syntax errors) is TypeScript's compiler: about
 * 0.8 MB brotli, more than the rest of the editor, and nothing in it is needed to read or type
 * code (highlighting runs in the page). So it loads when someone first focuses a script editor or
 * points into it (see `wantLanguageService`); Monaco's requests to it until then (the open
 * model's diagnostics) wait, and are answered once it is up.
 */
let startLanguageService: () => void = () => {};
const languageServiceWanted = new Promise<void>((resolve) => {
  startLanguageService = resolve;
});

self.MonacoEnvironment = {
  getWorker: (_workerId, label) =>
    label === 'typescript' || label === 'javascript'
      ? languageServiceWanted.then(() => new TypeScriptWorker())
      : label === 'json'
        ? new JsonWorker()
        : new EditorWorker(),
};

/** Starts the TypeScript worker on the editor's first focus or pointer move, whichever is first. */
function wantLanguageService(editor: monaco.editor.ICodeEditor) {
  const once = [editor.onDidFocusEditorText, editor.onMouseMove].map((event) =>
    event(() => {
      startLanguageService();
      for (const listener of once) listener.dispose();
    }),
  );
}
loader.config({ monaco });

const THEMES = { light: 'tokenhook-light', dark: 'tokenhook-dark' } as const;

/**
 * Monaco fades unused names (a hook's `audience` it never reads) to about 3.5:1: they are code
 * like the rest and keep full contrast (WCAG 1.4.3); the dotted underline still marks them.
 */
const solidUnusedCode = { 'editorUnnecessaryCode.opacity': '#000000ff' };

/** Colours from index.css, so the editor sits on the same surface as the rest of the console. */
const defineThemes: BeforeMount = (m) => {
  m.editor.defineTheme(THEMES.light, {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: {
      ...solidUnusedCode,
      'editor.background': '#ffffff',
      'editorLineNumber.foreground': '#646d7b',
      'editorGutter.background': '#ffffff',
    },
  });
  m.editor.defineTheme(THEMES.dark, {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: {
      ...solidUnusedCode,
      'editor.background': '#14171e',
      'editorLineNumber.foreground': '#868fa0',
      'editorGutter.background': '#14171e',
    },
  });
};

/**
 * Hook scripts are JavaScript, but the model is in TypeScript mode: only there does the
 * declaration `module.exports: HookFunction` give the parameters of `module.exports = function
 * (client, scope, …)` their types (in a JS file TypeScript treats that line as a CommonJS export and
 * leaves them `any`). Type errors are not reported — plain JavaScript idioms such as
 * `var t = {}; t.scope = …` would all be flagged — syntax errors are.
 */
function configureScriptLanguage(typings: string, path: string) {
  const ts = typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    lib: ['es2020'],
    allowNonTsExtensions: true,
    noImplicitAny: false,
    strict: false,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({
    noSemanticValidation: true,
    noSyntaxValidation: false,
  });
  ts.typescriptDefaults.setExtraLibs([{ content: typings, filePath: `file:///${path}.d.ts` }]);
}

/** Monaco's shortcut that switches Tab between indenting and moving focus (toggleTabFocusMode). */
const TAB_ESCAPE =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
    ? 'Ctrl+Shift+M'
    : 'Ctrl+M';

/**
 * Inside the editor Tab indents, so a keyboard user cannot Tab out of it (WCAG 2.1.2 allows this
 * only when the way out is told): the hint says how, and the editor's text area is described by it.
 */
function TabKeyHint({ id }: { id: string }) {
  return (
    <p id={id} className="shrink-0 border-t border-line bg-subtle/60 px-3 py-1 text-xs text-muted">
      Tab indents here. Press <kbd className="font-mono">{TAB_ESCAPE}</kbd> to make Tab move focus
      out of the editor (press it again to indent).
    </p>
  );
}

function describeTabKey(editor: monaco.editor.ICodeEditor, hintId: string) {
  editor.getDomNode()?.querySelector('textarea')?.setAttribute('aria-describedby', hintId);
}

/** A side-by-side diff: `original` on the left, the editor's `value` on the right. */
export interface CodeDiff {
  original: string;
  /** Names the sides for assistive technology ("Live (version 3)", "Draft"). */
  originalLabel: string;
  modifiedLabel: string;
}

/** A hook script editor or a diff of two scripts; or, with `language: 'json'`, a JSON document (a test payload). */
export interface CodeEditorProps {
  value: string;
  /** `typescript` (the default) for hook scripts, `json` for data. */
  language?: 'typescript' | 'json';
  onChange: (value: string) => void;
  /** Shows Monaco's diff editor instead, `value` being the right-hand (modified) side. */
  diff?: CodeDiff;
  /** The right-hand side (or the editor) cannot be edited, e.g. when it is an old version. */
  readOnly?: boolean;
  /** Names the editor for assistive technology ("Hook code"). */
  label: string;
  /** A stable name for the model, e.g. the hook's id. */
  path: string;
  /**
   * Declarations (a .d.ts) for IntelliSense and hover docs of a script. JSON editors have none, and
   * must not set them: the TypeScript defaults are global, shared with the hook's code editor.
   */
  typings?: string;
  /** Ctrl+S / Cmd+S inside the editor. */
  onSave?: () => void;
  /** Ctrl+Shift+S / Cmd+Shift+S inside the editor. */
  onSaveDraft?: () => void;
  /** Ctrl+Enter / Cmd+Enter inside the editor. */
  onRun?: () => void;
  /** A problem the server found (e.g. where the code stops compiling): marked in the code and scrolled to. */
  problem?: { line: number; column: number; message: string } | null;
  className?: string;
}

const baseOptions = {
  // The classic hidden textarea rather than Chromium's EditContext, which drops keystrokes
  // under fast input (seen with synthetic typing) and is newer to screen readers.
  editContext: false,
  links: false, // a URL in a claim name is not something to open from here
  fontFamily: "'JetBrains Mono Variable', ui-monospace, monospace",
  fontSize: 13,
  lineHeight: 20,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  automaticLayout: true,
  tabSize: 2,
  padding: { top: 12, bottom: 12 },
  renderLineHighlight: 'line',
  fixedOverflowWidgets: true,
  scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
} satisfies monaco.editor.IStandaloneEditorConstructionOptions;

export function CodeEditor({
  value,
  onChange,
  language = 'typescript',
  diff,
  readOnly,
  label,
  path,
  typings,
  onSave,
  onSaveDraft,
  onRun,
  problem,
  className,
}: CodeEditorProps) {
  const { resolved } = useTheme();
  const [mounted, setMounted] = useState<{
    editor: monaco.editor.IStandaloneCodeEditor;
    m: typeof monaco;
  } | null>(null);

  useEffect(() => {
    const model = mounted?.editor.getModel();
    if (!mounted || !model) return;
    const { editor, m } = mounted;
    m.editor.setModelMarkers(
      model,
      'tokenhook-server',
      problem
        ? [
            {
              startLineNumber: problem.line,
              startColumn: problem.column,
              endLineNumber: problem.line,
              endColumn: problem.column + 1,
              message: problem.message,
              severity: m.MarkerSeverity.Error,
            },
          ]
        : [],
    );
    if (problem) editor.revealLineInCenter(problem.line);
  }, [mounted, problem]);
  // Monaco keeps the first handlers it is given; refs let them call the latest props.
  const handlers = useRef({ onSave, onSaveDraft, onRun, onChange });
  handlers.current = { onSave, onSaveDraft, onRun, onChange };
  const script = language === 'typescript';

  useEffect(() => {
    if (script) configureScriptLanguage(typings ?? '', path);
  }, [script, typings, path]);

  const beforeMount: BeforeMount = (m) => {
    defineThemes(m);
    if (script) configureScriptLanguage(typings ?? '', path);
  };

  const hintId = useId();
  const onMount: OnMount = (editor, m) => {
    setMounted({ editor, m });
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.KeyS, () => handlers.current.onSave?.());
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyMod.Shift | m.KeyCode.KeyS, () =>
      handlers.current.onSaveDraft?.(),
    );
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => handlers.current.onRun?.());
    describeTabKey(editor, hintId);
    if (script) wantLanguageService(editor);
  };

  const originalModelPath = `${path}-diff-original.ts`;
  const modifiedModelPath = `${path}-diff-modified.ts`;
  const onDiffMount: DiffOnMount = (editor, m) => {
    const modified = editor.getModifiedEditor();
    modified.onDidChangeModelContent(() => handlers.current.onChange(modified.getValue()));
    modified.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.KeyS, () => handlers.current.onSave?.());
    modified.addCommand(m.KeyMod.CtrlCmd | m.KeyMod.Shift | m.KeyCode.KeyS, () =>
      handlers.current.onSaveDraft?.(),
    );
    modified.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => handlers.current.onRun?.());
    describeTabKey(modified, hintId);
    wantLanguageService(modified);
    wantLanguageService(editor.getOriginalEditor());
    // The diff's models go after the diff itself: disposed first, Monaco throws "TextModel got
    // disposed before DiffEditorWidget model got reset" (hence keepCurrent*Model below).
    editor.onDidDispose(() => {
      for (const modelPath of [originalModelPath, modifiedModelPath])
        m.editor.getModel(m.Uri.parse(modelPath))?.dispose();
    });
  };

  if (diff) {
    return (
      <div className={cn('flex flex-col', className)}>
        <DiffEditor
          original={diff.original}
          modified={value}
          // Models of their own: the diff must not take over (and dispose) the editor's model.
          originalModelPath={originalModelPath}
          modifiedModelPath={modifiedModelPath}
          keepCurrentOriginalModel
          keepCurrentModifiedModel
          language="typescript"
          theme={THEMES[resolved]}
          beforeMount={beforeMount}
          onMount={onDiffMount}
          loading={<span className="text-sm text-muted">Loading the diff…</span>}
          wrapperProps={{ className: 'min-h-0 flex-1' }}
          options={{
            ...baseOptions,
            originalAriaLabel: `${label}: ${diff.originalLabel}`,
            modifiedAriaLabel: `${label}: ${diff.modifiedLabel}`,
            readOnly,
            originalEditable: false,
            renderSideBySide: true,
            useInlineViewWhenSpaceIsLimited: false,
            renderOverviewRuler: false,
            ignoreTrimWhitespace: false,
            // Two sides share the width: wrap rather than hide the ends of long lines.
            wordWrap: 'on',
            diffWordWrap: 'on',
            lineNumbersMinChars: 3,
            folding: false,
          }}
        />
        {!readOnly && <TabKeyHint id={hintId} />}
      </div>
    );
  }

  return (
    <div className={cn('flex flex-col', className)}>
      <MonacoEditor
        value={value}
        onChange={(next) => onChange(next ?? '')}
        path={`${path}.${script ? 'ts' : 'json'}`}
        language={language}
        theme={THEMES[resolved]}
        beforeMount={beforeMount}
        onMount={onMount}
        loading={<span className="text-sm text-muted">Loading the editor…</span>}
        wrapperProps={{ className: 'min-h-0 flex-1' }}
        options={{ ...baseOptions, ariaLabel: label, readOnly }}
      />
      {!readOnly && <TabKeyHint id={hintId} />}
    </div>
  );
}
