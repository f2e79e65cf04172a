import { z } from 'zod';
import { hookSchema, hookVersionSchema } from '@/shared/schemas/hook';
import { hookTestRunSchema } from '@/shared/schemas/hook-test';
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
import { CliError, UsageError } from '../errors';
import { findHook } from '../hooks';
import { openSession } from '../session';

export const forceHelp =
  "      --force             go live even when the hook's test cases fail (recorded in the tenant log)";

export const versionsCommand: Command = {
  name: 'versions',
  summary: "list a hook's numbered versions, newest (live) first",
  usage: 'tokenhook versions [-p PROFILE] [-o json] NAME',
  help: `Lists the versions of the hook NAME: every change of its code or settings made one.

Options:
${outputHelp}
${commonHelp}

Example:
  tokenhook versions client-credentials-exchange-hook
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      { ...commonOptions, ...outputOption },
      { min: 1, max: 1, names: 'NAME' },
    );
    const output = outputFormat(this, values);
    const { api } = openSession(values.profile);
    const hook = await findHook(api, positionals[0]!);
    const versions = await api.get(
      `/hooks/${hook.id}/versions?per_page=100`,
      z.array(hookVersionSchema),
    );
    if (output === 'json') return writeJson(versions);
    for (const v of versions) {
      const note = [
        v.live ? 'live' : '',
        v.rolled_back_from ? `rolled back from ${v.rolled_back_from}` : '',
        v.change === 'secrets'
          ? 'secrets changed, same code'
          : v.change === 'settings'
            ? 'settings changed, same code'
            : '',
      ]
        .filter(Boolean)
        .join(', ');
      writeLine(
        `${String(v.number).padStart(4)}  ${v.created_at}  ${v.created_by}${note ? `  (${note})` : ''}`,
      );
    }
  },
};

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'make an earlier version of a hook live again (as a new version)',
  usage: 'tokenhook rollback --to N [--force] [-p PROFILE] [-o json] NAME',
  help: `Makes version N of the hook NAME live again. History only grows: the roll back is a new
version, copied from N. With saved test cases, failing code is refused unless --force.

Options:
      --to N              the version number to go back to
${forceHelp}
${outputHelp}
${commonHelp}

Example:
  tokenhook rollback client-credentials-exchange-hook --to 3
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      { ...commonOptions, ...outputOption, to: { type: 'string' }, force: { type: 'boolean' } },
      { min: 1, max: 1, names: 'NAME' },
    );
    const output = outputFormat(this, values);
    if (!values.to || !/^\d+$/.test(values.to))
      throw new UsageError('Missing --to N (a version number)', this.usage);
    const { api } = openSession(values.profile);
    const hook = await findHook(api, positionals[0]!);
    const version = await api.post(
      `/hooks/${hook.id}/versions/${values.to}/deploy${values.force ? '?force=true' : ''}`,
      undefined,
      hookVersionSchema,
    );
    if (output === 'json') return writeJson(version);
    writeLine(
      `Hook ${hook.name} now runs version ${version.number}, a copy of version ${values.to}.`,
    );
  },
};

export const deployCommand: Command = {
  name: 'deploy',
  summary: "make a hook's saved draft live",
  usage: 'tokenhook deploy [--force] [-p PROFILE] [-o json] NAME',
  help: `Makes the draft of the hook NAME (saved with \`tokenhook create --draft\` or in the console)
live, as a new version. With saved test cases, failing code is refused unless --force.

Options:
${forceHelp}
${outputHelp}
${commonHelp}

Example:
  tokenhook deploy client-credentials-exchange-hook
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      { ...commonOptions, ...outputOption, force: { type: 'boolean' } },
      { min: 1, max: 1, names: 'NAME' },
    );
    const output = outputFormat(this, values);
    const { api } = openSession(values.profile);
    const hook = await findHook(api, positionals[0]!);
    const deployed = await api.post(
      `/hooks/${hook.id}/deploy${values.force ? '?force=true' : ''}`,
      undefined,
      hookSchema,
    );
    if (output === 'json') return writeJson(deployed);
    writeLine(
      `Deployed the draft of ${hook.name}${deployed.enabled ? '; it runs now' : ' (the hook is disabled)'}.`,
    );
  },
};

/** `tokenhook test NAME`: the saved test cases, for CI (exit 1 when one fails). */
export async function runTestCases(
  name: string,
  target: string | undefined,
  profile: string | undefined,
  output: 'text' | 'json',
) {
  const { api } = openSession(profile);
  const hook = await findHook(api, name);
  const body =
    target === undefined ? {} : { target: /^\d+$/.test(target) ? Number(target) : target };
  const run = await api.post(`/hooks/${hook.id}/test`, body, hookTestRunSchema);
  if (output === 'json') writeJson(run);
  else {
    for (const c of run.cases) {
      writeLine(`${c.passed ? 'pass' : 'FAIL'}  ${c.name}  (${c.duration_ms.toFixed(1)} ms)`);
      for (const failure of c.failures) writeLine(`      ${failure}`);
    }
    const failed = run.cases.filter((c) => !c.passed).length;
    writeLine(`${run.cases.length - failed} passed, ${failed} failed (${run.target})`);
  }
  if (!run.passed) throw new CliError(`Test cases of ${hook.name} fail`);
}
