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
import { findHook, listHooks } from '../hooks';
import { openSession } from '../session';
import { forceHelp } from './versions';

export const enableCommand: Command = {
  name: 'enable',
  summary: "enable a hook (and disable its point's enabled hook)",
  usage: 'tokenhook enable [--force] [-p PROFILE] [-o json] NAME',
  help: `Enables the hook NAME. A point runs at most one hook: the hook of the same point that was
enabled is disabled in the same step, and this command says which one it was. Its code goes live
only when it compiles and its saved test cases pass.

Options:
${forceHelp}
${outputHelp}
${commonHelp}

Example:
  tokenhook enable --profile default client-credentials-exchange-hook
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
    // Read the point's enabled hook first: the server switches them in one transaction and does not say which it disabled.
    const previous = hook.enabled
      ? undefined
      : (await listHooks(api, { triggerId: hook.triggerId, enabled: true }))[0];
    const enabled = hook.enabled
      ? hook
      : await api.patch(
          `/hooks/${hook.id}${values.force ? '?force=true' : ''}`,
          { enabled: true },
          hookSchema,
        );

    if (output === 'json') {
      return writeJson({
        enabled,
        disabled: previous ? { ...previous, enabled: false } : null,
        changed: !hook.enabled,
      });
    }
    if (hook.enabled)
      return writeLine(`Hook ${hook.name} is already enabled for ${hook.triggerId}.`);
    writeLine(`Enabled hook ${hook.name} for ${hook.triggerId}.`);
    writeLine(
      previous
        ? `Disabled hook ${previous.name}, which was enabled for ${hook.triggerId}.`
        : `No other ${hook.triggerId} hook was enabled.`,
    );
  },
};
