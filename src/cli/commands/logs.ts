import { hookExecutionSchema, type Hook, type HookExecution } from '@/shared/schemas/hook';
import { ApiError } from '@/shared/api-error';
import { z } from 'zod';
import {
  commonHelp,
  commonOptions,
  outputFormat,
  outputHelp,
  outputOption,
  parse,
  writeJson,
  writeLine,
  type Command,
} from '../command';
import { CliError, UsageError, describeError, networkFailure } from '../errors';
import { formatExecution } from '../format';
import { findHook, listHooks } from '../hooks';
import { openSession, type Session } from '../session';
import { readSse } from '../sse';

const usage = 'tokenhook logs [-p PROFILE] [-f] [-n COUNT] [-o json] [NAME]';
const executionListSchema = z.array(hookExecutionSchema);
/** How often `-f` without NAME looks for hooks created since it started. */
const NEW_HOOKS_POLL_MS = 15_000;
/** The server sends a keep-alive every 15 s: this long without a byte means a dead connection. */
const SILENCE_MS = 45_000;

export const logsCommand: Command = {
  name: 'logs',
  summary: 'show recent hook executions; -f follows them live',
  usage,
  help: `Shows the recent executions of the hook NAME, or of every hook, newest last, one per line:
time, hook, outcome, duration, client, audience; then the hook's console output, indented.
Secrets are masked in the output by the server.

Options:
  -f, --follow        keep running and print executions as they happen (Ctrl-C stops)
  -n, --lines COUNT   how many recent executions to show first (default 20, at most 100)
${outputHelp}            (with -f: one JSON object per line)
${commonHelp}

Example:
  tokenhook logs -f client-credentials-exchange-hook
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      {
        ...commonOptions,
        ...outputOption,
        follow: { type: 'boolean', short: 'f' },
        lines: { type: 'string', short: 'n' },
      },
      { min: 0, max: 1, names: 'NAME' },
    );
    const output = outputFormat(this, values);
    const count = values.lines === undefined ? 20 : Number(values.lines);
    if (!Number.isInteger(count) || count < 0 || count > 100)
      throw new UsageError('-n takes a number from 0 to 100', usage);

    const session = openSession(values.profile);
    const name = positionals[0];
    const hooks =
      name === undefined ? await listHooks(session.api) : [await findHook(session.api, name)];
    const printer = createPrinter(output, hooks);

    if (!values.follow) {
      const recent = await recentExecutions(session.api, hooks, count);
      if (output === 'json')
        return writeJson(recent.map((e) => ({ ...e, hook_name: printer.nameOf(e.hook_id) })));
      if (recent.length === 0)
        writeLine(name === undefined ? 'No executions yet.' : `No executions of ${name} yet.`);
      recent.forEach(printer.print);
      return;
    }
    await follow(session, hooks, count, printer, name === undefined);
  },
};

function createPrinter(output: 'text' | 'json', hooks: Hook[]) {
  const names = new Map(hooks.map((h) => [h.id, h.name]));
  const seen = new Set<string>();
  const nameOf = (id: string) => names.get(id) ?? id;
  return {
    names,
    nameOf,
    markSeen(e: HookExecution) {
      seen.add(e.id);
    },
    /** Prints each execution once, whichever of the list and the stream delivered it first. */
    print(e: HookExecution) {
      if (seen.has(e.id)) return;
      seen.add(e.id);
      writeLine(
        output === 'json'
          ? JSON.stringify({ ...e, hook_name: nameOf(e.hook_id) })
          : formatExecution(e, nameOf(e.hook_id)),
      );
    },
  };
}
type Printer = ReturnType<typeof createPrinter>;

/** The last `count` executions over `hooks`, oldest first. */
async function recentExecutions(
  api: Session['api'],
  hooks: Hook[],
  count: number,
): Promise<HookExecution[]> {
  if (count === 0) return [];
  const lists = await Promise.all(
    hooks.map((h) =>
      api
        .get(`/hooks/${h.id}/logs?per_page=${count}`, executionListSchema)
        .catch(ignoreGone([] as HookExecution[])),
    ),
  );
  return lists
    .flat()
    .sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id))
    .slice(-count);
}

/** A hook deleted while we look at it simply stops being shown. */
function ignoreGone<T>(fallback: T) {
  return (err: unknown): T => {
    if (err instanceof ApiError && err.status === 404) return fallback;
    throw err;
  };
}

/**
 * Subscribes first and lists the recent executions second, so nothing that happens in between is
 * lost; the printer drops what both delivered. A dropped stream reconnects with backoff and
 * fills the gap from the list.
 */
async function follow(
  session: Session,
  initial: Hook[],
  count: number,
  printer: Printer,
  allHooks: boolean,
) {
  const controller = new AbortController();
  const { signal } = controller;
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const followed = new Map<string, Promise<void>>();
  let fatal: unknown;

  const subscribe = async (hook: Hook, onReady: () => void, mustConnect: boolean) => {
    let delay = 500;
    let connectedOnce = false;
    while (!signal.aborted) {
      let reason = 'the server closed it';
      // One controller per connection, so a silent one can be dropped without stopping the command.
      const connection = new AbortController();
      const stopConnection = () => connection.abort();
      signal.addEventListener('abort', stopConnection, { once: true });
      let watchdog: NodeJS.Timeout | undefined;
      const alive = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          reason = `no data for ${SILENCE_MS / 1000} s`;
          connection.abort();
        }, SILENCE_MS);
      };
      try {
        alive();
        const res = await session.stream(`/hooks/${hook.id}/logs/stream`, connection.signal);
        for await (const event of readSse(res.body!, alive)) {
          if (event.event === 'ready') {
            delay = 500;
            if (connectedOnce) {
              process.stderr.write(`Reconnected to the log stream of ${hook.name}.\n`);
              (await recentExecutions(session.api, [hook], 100)).forEach(printer.print);
            }
            connectedOnce = true;
            onReady();
          } else if (event.event === 'execution') {
            printer.print(hookExecutionSchema.parse(JSON.parse(event.data)));
          }
        }
      } catch (caught) {
        let err = caught;
        if (signal.aborted) return;
        if (connection.signal.aborted) err = new CliError(reason); // the watchdog, not the user
        const gone = err instanceof ApiError && err.status === 404;
        if (gone && allHooks) return onReady(); // following all hooks: a deleted one just stops
        // The first connection must work (a bad token or a missing scope is not worth retrying),
        // and a hook followed by name that is deleted ends the command.
        if ((mustConnect && !connectedOnce) || gone) {
          fatal = gone ? new CliError(`No hook named ${hook.name}`) : err;
          controller.abort();
          onReady();
          return;
        }
        // undici ends a body cut mid-stream with TypeError('terminated').
        reason =
          err instanceof TypeError && err.message === 'terminated'
            ? 'the connection was cut'
            : describeError(networkFailure(err, session.profile.url) ?? err).line;
      } finally {
        clearTimeout(watchdog);
        signal.removeEventListener('abort', stopConnection);
      }
      if (signal.aborted) return;
      process.stderr.write(`Lost the log stream of ${hook.name} (${reason}); reconnecting.\n`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  };

  const start = (hook: Hook, mustConnect: boolean) =>
    new Promise<void>((resolve) => {
      printer.names.set(hook.id, hook.name);
      followed.set(hook.id, subscribe(hook, resolve, mustConnect));
    });

  await Promise.all(initial.map((h) => start(h, true)));
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a stream failed with
  if (fatal) throw fatal;
  // Everything before now counts as seen, so filling a gap after a reconnect prints only news.
  const history = await recentExecutions(session.api, initial, 100);
  const cut = Math.max(history.length - count, 0);
  history.forEach((e, i) => (i < cut ? printer.markSeen(e) : printer.print(e)));
  const what = allHooks
    ? initial.length === 0
      ? 'all hooks (none yet)'
      : 'all hooks'
    : initial[0]!.name;
  process.stderr.write(`Following ${what}; Ctrl-C to stop.\n`);

  let poll: NodeJS.Timeout | undefined;
  if (allHooks) {
    poll = setInterval(() => {
      listHooks(session.api)
        .then((hooks) =>
          hooks.filter((h) => !followed.has(h.id)).forEach((h) => void start(h, false)),
        )
        .catch(() => {}); // the streams report connection trouble; the poll just tries again
    }, NEW_HOOKS_POLL_MS);
  }
  await new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  clearInterval(poll);
  await Promise.allSettled(followed.values());
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a stream failed with
  if (fatal) throw fatal;
}
