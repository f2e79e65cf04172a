import { commonHelp, commonOptions, outputFormat, outputHelp, outputOption, parse, writeJson, writeLine, type Command } from '../command';
import { table } from '../format';
import { hookTypesHelp, listHooks, parseTrigger } from '../hooks';
import { openSession } from '../session';

const usage = 'tokenhook ls [-t TYPE] [-p PROFILE] [-o json]';

export const lsCommand: Command = {
  name: 'ls',
  summary: 'list hooks',
  usage,
  help: `Lists the hooks: name, extensibility point, enabled, the live version, whether a saved
draft differs from it, id. With -o json, prints the hooks as the Management API returns them
(script included).

Options:
  -t, --type TYPE     only hooks of this point:
${hookTypesHelp}
${outputHelp}
${commonHelp}
`,
  async run(args) {
    const { values } = parse(this, args, { ...commonOptions, ...outputOption, type: { type: 'string', short: 't' } }, { min: 0, max: 0, names: '' });
    const output = outputFormat(this, values);
    const triggerId = values.type === undefined ? undefined : parseTrigger(values.type, usage);
    const { api } = openSession(values.profile);
    const hooks = await listHooks(api, triggerId ? { triggerId } : {});
    if (output === 'json') return writeJson(hooks);
    if (hooks.length === 0) return writeLine(triggerId ? `No ${triggerId} hooks.` : 'No hooks.');
    const draft = (h: (typeof hooks)[number]) => (!h.draft ? '-' : h.draft.differs_from_live ? 'differs' : 'same as live');
    writeLine(
      table(
        ['NAME', 'POINT', 'ENABLED', 'VERSION', 'DRAFT', 'ID'],
        hooks.map((h) => [h.name, h.triggerId, h.enabled ? 'yes' : 'no', h.version === undefined ? '-' : `v${h.version}`, draft(h), h.id]),
      ),
    );
  },
};
