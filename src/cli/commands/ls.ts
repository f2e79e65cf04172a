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
import { table } from '../format';
import { hookTypesHelp, listHooks, parseTrigger } from '../hooks';
import { hookUnsetSecretsSchema } from '@/shared/schemas/hook';
import { openSession } from '../session';

const usage = 'tokenhook ls [-t TYPE] [-p PROFILE] [-o json]';

export const lsCommand: Command = {
  name: 'ls',
  summary: 'list hooks',
  usage,
  help: `Lists the hooks: name, extensibility point, enabled, the live version, whether a saved
draft differs from it, id, and the secrets that still need a value (imported from an export,
where every secret reads _VALUE_NOT_SHOWN_). With -o json, prints the hooks as the Management
API returns them (script included), each with \`secrets_needing_value\`.

Options:
  -t, --type TYPE     only hooks of this point:
${hookTypesHelp}
${outputHelp}
${commonHelp}
`,
  async run(args) {
    const { values } = parse(
      this,
      args,
      { ...commonOptions, ...outputOption, type: { type: 'string', short: 't' } },
      { min: 0, max: 0, names: '' },
    );
    const output = outputFormat(this, values);
    const triggerId = values.type === undefined ? undefined : parseTrigger(values.type, usage);
    const { api } = openSession(values.profile);
    const hooks = await listHooks(api, triggerId ? { triggerId } : {});
    const unset = await Promise.all(
      hooks.map(
        async (h) =>
          (
            await api.get(
              `/hooks/${encodeURIComponent(h.id)}/secrets/unset`,
              hookUnsetSecretsSchema,
            )
          ).names,
      ),
    );
    if (output === 'json')
      return writeJson(hooks.map((h, i) => ({ ...h, secrets_needing_value: unset[i] })));
    if (hooks.length === 0) return writeLine(triggerId ? `No ${triggerId} hooks.` : 'No hooks.');
    const draft = (h: (typeof hooks)[number]) =>
      !h.draft ? '-' : h.draft.differs_from_live ? 'differs' : 'same as live';
    writeLine(
      table(
        ['NAME', 'POINT', 'ENABLED', 'VERSION', 'DRAFT', 'ID', 'SECRETS NEEDING A VALUE'],
        hooks.map((h, i) => [
          h.name,
          h.triggerId,
          h.enabled ? 'yes' : 'no',
          h.version === undefined ? '-' : `v${h.version}`,
          draft(h),
          h.id,
          unset[i]!.join(', ') || '-',
        ]),
      ),
    );
  },
};
