import { z } from 'zod';
import { commonHelp, commonOptions, parse, writeLine, type Command } from '../command';
import { findHook } from '../hooks';
import { openSession } from '../session';

export const rmCommand: Command = {
  name: 'rm',
  summary: 'delete a hook',
  usage: 'tokenhook rm [-p PROFILE] NAME',
  help: `Deletes the hook NAME with its secrets. There is no undo and no confirmation (scripts call it).

Options:
${commonHelp}

Example:
  tokenhook rm client-credentials-exchange-hook
`,
  async run(args) {
    const { values, positionals } = parse(this, args, commonOptions, {
      min: 1,
      max: 1,
      names: 'NAME',
    });
    const { api } = openSession(values.profile);
    const hook = await findHook(api, positionals[0]!);
    await api.del(`/hooks/${hook.id}`, z.undefined());
    writeLine(
      `Deleted hook ${hook.name}${hook.enabled ? `; no ${hook.triggerId} hook is enabled now` : ''}.`,
    );
  },
};
