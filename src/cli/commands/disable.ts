import { hookSchema } from '@/shared/schemas/hook';
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
import { findHook } from '../hooks';
import { openSession } from '../session';

export const disableCommand: Command = {
  name: 'disable',
  summary: 'disable a hook',
  usage: 'tokenhook disable [-p PROFILE] [-o json] NAME',
  help: `Disables the hook NAME; its point then runs no hook until one is enabled.

Options:
${outputHelp}
${commonHelp}

Example:
  tokenhook disable client-credentials-exchange-hook
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
    const disabled = hook.enabled
      ? await api.patch(`/hooks/${hook.id}`, { enabled: false }, hookSchema)
      : hook;
    if (output === 'json') return writeJson({ ...disabled, changed: hook.enabled });
    writeLine(
      hook.enabled
        ? `Disabled hook ${hook.name}; no ${hook.triggerId} hook is enabled now.`
        : `Hook ${hook.name} is already disabled.`,
    );
  },
};
