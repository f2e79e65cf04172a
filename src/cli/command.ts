import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

/** A sub-command: `tokenhook <name> …`. */
export interface Command {
  name: string;
  /** One line for `tokenhook --help`. */
  summary: string;
  /** The usage line, without the leading `Usage: `. */
  usage: string;
  /** The rest of `tokenhook <name> --help`: what it does, its options, an example. */
  help: string;
  run(args: string[]): Promise<void>;
}

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<O extends ParseArgsOptionsConfig> = {
  args: string[];
  options: O;
  allowPositionals: true;
  strict: true;
};

/** Options every command takes. */
export const commonOptions = {
  profile: { type: 'string', short: 'p' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

/** `-o json`, as Auth0's CLI spells it; `--json` is the same. */
export const outputOption = {
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsOptionsConfig;

export const commonHelp = `  -p, --profile NAME  profile from \`tokenhook init\` (default: $TOKENHOOK_PROFILE or "default")
  -h, --help          show this help`;
export const outputHelp = '  -o, --output FORMAT text (default) or json (--json is the same)';

/** Thrown by `parse` after it printed `--help`: the command has nothing more to do. */
export class HelpShown extends Error {}

export function printHelp(cmd: Pick<Command, 'usage' | 'help'>) {
  process.stdout.write(`Usage: ${cmd.usage}\n\n${cmd.help.trimEnd()}\n`);
}

/**
 * `node:util` parseArgs in strict mode; a bad command line becomes a UsageError carrying the
 * command's usage line, and `--help` prints the help and stops the command.
 */
export function parse<const O extends ParseArgsOptionsConfig>(
  cmd: Pick<Command, 'usage' | 'help'>,
  args: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): ReturnType<typeof parseArgs<StrictConfig<O>>> {
  let parsed;
  try {
    parsed = parseArgs<StrictConfig<O>>({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(parseArgsReason(err), cmd.usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    printHelp(cmd);
    throw new HelpShown();
  }
  const n = parsed.positionals.length;
  if (n < positionals.min) throw new UsageError(`Missing ${positionals.names}`, cmd.usage);
  if (n > positionals.max)
    throw new UsageError(`Unexpected argument ${parsed.positionals[positionals.max]}`, cmd.usage);
  return parsed;
}

/** parseArgs messages are long and mention `strict:false`; keep the first sentence. */
function parseArgsReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(message)?.[1]?.split(/[ ,]/)[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `Unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return message.includes('argument missing')
      ? `Option ${option} needs a value`
      : `Option ${option} takes no value`;
  }
  return message.split(/\. |\n/)[0]!;
}

/** Reads `-o`/`--json`: text unless json. */
export function outputFormat(
  cmd: Pick<Command, 'usage'>,
  values: { output?: string | undefined; json?: boolean | undefined },
): 'text' | 'json' {
  const value = values.json ? 'json' : values.output;
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(`Unknown output format ${value} (use json or text)`, cmd.usage);
}

/** Shell-quotes a word for a command we print for the user to copy. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function writeJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function writeLine(line = '') {
  process.stdout.write(`${line}\n`);
}
