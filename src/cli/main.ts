#!/usr/bin/env node
/**
 * `tokenhook`: the seed's Auth0 CLI hook commands against a Tokenhook server. Parses the
 * command name here and hands the rest to `commands/<name>.ts`; every failure becomes one line
 * on stderr and a non-zero exit code (errors.ts).
 */
import { HelpShown, printHelp, type Command } from './command';
import { createCommand } from './commands/create';
import { disableCommand } from './commands/disable';
import { editCommand } from './commands/edit';
import { enableCommand } from './commands/enable';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { initCommand } from './commands/init';
import { logsCommand } from './commands/logs';
import { lsCommand } from './commands/ls';
import { rmCommand } from './commands/rm';
import { scaffoldCommand } from './commands/scaffold';
import { testCommand } from './commands/test';
import { deployCommand, rollbackCommand, versionsCommand } from './commands/versions';
import { EXIT_USAGE, describeError } from './errors';

const commands: Command[] = [
  initCommand,
  scaffoldCommand,
  createCommand,
  lsCommand,
  enableCommand,
  disableCommand,
  editCommand,
  rmCommand,
  logsCommand,
  testCommand,
  versionsCommand,
  rollbackCommand,
  deployCommand,
  importCommand,
  exportCommand,
];

const usage = 'tokenhook <command> [options]';

const overview = {
  usage,
  help: `Manage Tokenhook hooks from files, scripts and CI, like Auth0's \`auth0\` hooks CLI.

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Every command takes -p/--profile NAME (default: $TOKENHOOK_PROFILE or "default") and --help.
Run \`tokenhook <command> --help\` for its options.

Getting started:
  tokenhook init --url http://localhost:3000 --client-id ID --client-secret SECRET
  tokenhook scaffold -t credentials-exchange > file.js
  tokenhook create -t credentials-exchange -n my-hook file.js
  tokenhook enable my-hook
  tokenhook test --client "My service" --audience https://api.example.com

Moving in from Auth0 (a0deploy export, directory or tenant.yaml):
  tokenhook import ./tenant --dry-run
  tokenhook export ./backup --format yaml

Environment:
  TOKENHOOK_PROFILE         profile to use when -p is not given
  TOKENHOOK_URL, TOKENHOOK_CLIENT_ID, TOKENHOOK_CLIENT_SECRET
                            override the profile's values; all three together need no profile (CI)
  TOKENHOOK_CONFIG_DIR      folder for profiles.json and token-cache.json
                            (default: $XDG_CONFIG_HOME/tokenhook or ~/.config/tokenhook)
  VISUAL, EDITOR            the editor of \`tokenhook edit\`

Exit status: 0 on success, 1 when an operation fails, 2 for a command line that cannot be run.
`,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    printHelp(topic ?? overview);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command ${name}; run tokenhook --help. Usage: ${usage}\n`);
    return EXIT_USAGE;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (err) {
    if (err instanceof HelpShown) return 0;
    const { line, exitCode } = describeError(err);
    process.stderr.write(`${line}\n`);
    return exitCode;
  }
}

// `tokenhook ls | head -1`: a reader that goes away is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// exitCode rather than exit(): stdout is flushed before the process ends, even into a pipe.
process.exitCode = await main(process.argv.slice(2));
