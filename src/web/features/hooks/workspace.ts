import { useRef, useState, type RefObject } from 'react';
import { hookPoint } from '@/shared/hook-points';
import type { Hook, HookOutcome, HookTryResponse } from '@/shared/schemas/hook';
import type { HookTestCase, HookTestRun } from '@/shared/schemas/hook-test';
import type { TestTarget } from './test-cases';
import type { Tagged } from '@/shared/api-client';
import { useHookLogStream, type LogStreamStatus } from '@/web/data/hooks/log-stream';
import { actionsSamplePayload, detectStyle, type HookStyle } from './style';

/** The Runner's sample payload for a point and the style its code is in. */
export function samplePayload(
  hook: Pick<Hook, 'triggerId'>,
  style: HookStyle,
): Record<string, unknown> {
  return hook.triggerId === 'credentials-exchange' && style === 'actions'
    ? actionsSamplePayload
    : hookPoint(hook.triggerId).samplePayload;
}

/** What the Runner runs against: the point's sample payload, or a stored application and API. */
export interface RunnerForm {
  mode: 'payload' | 'application';
  payload: string;
  clientId: string;
  audience: string;
}

/** One run in this page session (Auth0's Runner "History"). */
export interface RunRecord {
  id: number;
  at: Date;
  target: string;
  response?: HookTryResponse;
  /** The request itself failed (a bad payload, an unknown application…). */
  error?: string;
}

/** The latest "Run all" of the Tests tab. */
export interface TestRunRecord {
  at: Date;
  run: HookTestRun;
  /** The cases as they were run, so each result is shown against the expectations it ran with. */
  cases: HookTestCase[];
}

export interface LogView {
  paused: boolean;
  /** Executions shown when the tail was paused; newer ones wait. */
  frozenIds: ReadonlySet<string>;
  /** Executions hidden by "Clear". */
  clearedIds: ReadonlySet<string>;
  outcome: HookOutcome | 'all' | 'failed';
  text: string;
}

/**
 * The editor page's state that outlives its panels: switching between Runner, Tests, Logs, Secrets
 * and Settings keeps the Runner's input and history, the latest test run and the log tail.
 */
export interface HookWorkspace {
  hook: Hook;
  tagged: Tagged<Hook>;
  draft: string;
  /** The latest draft, for actions fired from the keyboard right after an edit. */
  getDraft: () => string;
  /** The editor has edits not saved as the draft. */
  dirty: boolean;
  /** Saves the editor's buffer as the draft; false when it was not saved (and said why). */
  saveDraft: () => Promise<boolean>;
  /** How the draft is written (credentials-exchange: Hook or Actions style). */
  style: HookStyle;
  runner: {
    form: RunnerForm;
    setForm: (form: RunnerForm) => void;
    runs: RunRecord[];
    addRun: (run: Omit<RunRecord, 'id' | 'at'>) => void;
    /** The open Runner's "Run", for Ctrl+Enter in the editor. */
    runRef: RefObject<(() => void) | null>;
  };
  logs: {
    status: LogStreamStatus;
    view: LogView;
    setView: (update: (view: LogView) => LogView) => void;
  };
  tests: {
    target: TestTarget;
    setTarget: (target: TestTarget) => void;
    last: TestRunRecord | null;
    setLast: (run: TestRunRecord | null) => void;
    /** The deploy check's verdict on the draft when it refused: failing cases the tab may not have run. */
    gate: GateVerdict | null;
    setGate: (verdict: GateVerdict | null) => void;
  };
}

/** Failing test cases of the draft, as the deploy check found them. */
export interface GateVerdict {
  at: Date;
  total: number;
  failing: { id: string; name: string }[];
}

export function useWorkspaceState(hook: Hook, script: string) {
  const [form, setForm] = useState<RunnerForm>(() => ({
    mode: 'payload',
    payload: JSON.stringify(samplePayload(hook, detectStyle(script)), null, 2),
    clientId: '',
    audience: '',
  }));
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const runRef = useRef<(() => void) | null>(null);
  const [view, setView] = useState<LogView>({
    paused: false,
    frozenIds: new Set(),
    clearedIds: new Set(),
    outcome: 'all',
    text: '',
  });
  const status = useHookLogStream(hook.id);
  const [target, setTarget] = useState<TestTarget>('draft');
  const [last, setLast] = useState<TestRunRecord | null>(null);
  const [gate, setGate] = useState<GateVerdict | null>(null);
  return {
    runner: {
      runRef,
      form,
      setForm,
      runs,
      addRun: (run: Omit<RunRecord, 'id' | 'at'>) =>
        setRuns((current) =>
          [{ ...run, id: Date.now() + Math.random(), at: new Date() }, ...current].slice(0, 20),
        ),
    },
    logs: { status, view, setView },
    tests: { target, setTarget, last, setLast, gate, setGate },
  };
}
