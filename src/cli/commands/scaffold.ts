import { hookPoint } from '@/shared/hook-points';
import { commonOptions, parse, type Command } from '../command';
import { hookTypesHelp, parseTrigger } from '../hooks';

const usage = 'tokenhook scaffold -t TYPE [-p PROFILE]';

export const scaffoldCommand: Command = {
  name: 'scaffold',
  summary: "print an extensibility point's starter code",
  usage,
  help: `Prints the starter code of an extensibility point, to save and pass to \`tokenhook create\`.
Needs no server; -p is accepted, like on every command, and not used.

Options:
  -t, --type TYPE     the extensibility point:
${hookTypesHelp}
  -p, --profile NAME  accepted and ignored
  -h, --help          show this help

Example:
  tokenhook scaffold -t credentials-exchange > file.js
`,
  async run(args) {
    const { values } = parse(
      this,
      args,
      { ...commonOptions, type: { type: 'string', short: 't' } },
      { min: 0, max: 0, names: '' },
    );
    process.stdout.write(hookPoint(parseTrigger(values.type, usage)).starterCode);
  },
};
