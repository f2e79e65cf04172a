import fs from 'node:fs';
import {
  hookDraftSchema,
  hookNameSchema,
  hookSchema,
  hookScriptSchema,
  hookSecretsSchema,
  type Hook,
} from '@/shared/schemas/hook';
import { z } from 'zod';
import {
  commonHelp,
  commonOptions,
  outputFormat,
  outputHelp,
  outputOption,
  parse,
  shellWord,
  writeJson,
  writeLine,
  type Command,
} from '../command';
import { CliError, UsageError } from '../errors';
import { hookTypesHelp, listHooks, parseTrigger } from '../hooks';
import { openSession, type Session } from '../session';
import { forceHelp } from './versions';

const usage =
  'tokenhook create -t TYPE -n NAME [-p PROFILE] [--secret KEY=VALUE]... [--secrets-file FILE] [--draft] [--force] [-o json] FILE';

export const createCommand: Command = {
  name: 'create',
  summary: 'create a hook from a file, or update the script of the hook with that name',
  usage,
  help: `Creates a hook from FILE, in disabled state, or, when a hook named NAME exists, replaces its
script (and keeps its enabled state: on an enabled hook the new script goes live only when it
compiles and its saved test cases pass). Secrets are added to the hook or replace the values of
existing ones; they are sent to the server only, never printed.

Options:
  -t, --type TYPE           the extensibility point:
${hookTypesHelp}
  -n, --name NAME           the hook's name (letters, digits, spaces, '-')
      --secret KEY=VALUE    a secret for context.webtask.secrets.KEY (repeatable)
      --secrets-file FILE   secrets from a .env-style file (KEY=VALUE lines; # comments)
      --draft               for an existing hook: save FILE as its draft, not live (see deploy)
${forceHelp}
${outputHelp}
${commonHelp}

Example:
  tokenhook create -t credentials-exchange -n client-credentials-exchange-hook -p default file.js
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      {
        ...commonOptions,
        ...outputOption,
        type: { type: 'string', short: 't' },
        name: { type: 'string', short: 'n' },
        secret: { type: 'string', multiple: true },
        'secrets-file': { type: 'string' },
        draft: { type: 'boolean' },
        force: { type: 'boolean' },
      },
      { min: 1, max: 1, names: 'FILE' },
    );
    const output = outputFormat(this, values);
    const triggerId = parseTrigger(values.type, usage);
    if (values.name === undefined) throw new UsageError('Missing -n NAME', usage);
    const name = hookNameSchema.safeParse(values.name);
    if (!name.success)
      throw new UsageError(
        `Invalid hook name ${values.name}: ${name.error.issues[0]?.message}`,
        usage,
      );
    const script = readScript(positionals[0]!);
    const secrets = collectSecrets(values.secret ?? [], values['secrets-file']);

    const session = openSession(values.profile);
    const { api } = session;
    const existing = (await listHooks(api)).find((h) => h.name === name.data);
    let hook: Hook;
    if (existing) {
      if (existing.triggerId !== triggerId) {
        throw new CliError(
          `Hook ${existing.name} exists for ${existing.triggerId}, not ${triggerId}: choose another name or tokenhook rm it first`,
        );
      }
      if (values.draft) {
        // A draft leaves the live hook alone until `tokenhook deploy`.
        await api.put(`/hooks/${existing.id}/draft`, { script }, hookDraftSchema);
        if (output === 'json') return writeJson({ ...existing, draft: true });
        return writeLine(
          `Saved a draft of ${existing.name}; the live hook is unchanged. To make it live: tokenhook deploy ${shellWord(existing.name)}`,
        );
      }
      hook = await api.patch(
        `/hooks/${existing.id}${values.force ? '?force=true' : ''}`,
        { script },
        hookSchema,
      );
    } else {
      hook = await api.post('/hooks', { name: name.data, script, triggerId }, hookSchema);
    }
    if (secrets) await writeSecrets(api, hook.id, secrets);

    if (output === 'json') return writeJson({ ...hook, created: !existing });
    const enable = `tokenhook enable -p ${shellWord(session.profile.name)} ${shellWord(hook.name)}`;
    if (!existing) {
      writeLine(`Tokenhook hook created in disabled state. To enable it: ${enable}`);
    } else if (hook.enabled) {
      writeLine(`Tokenhook hook ${hook.name} updated; it is enabled and runs from now on.`);
    } else {
      writeLine(`Tokenhook hook ${hook.name} updated; it is disabled. To enable it: ${enable}`);
    }
  },
};

function readScript(file: string): string {
  let script: string;
  try {
    script = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      `Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  const parsed = hookScriptSchema.safeParse(script);
  if (!parsed.success)
    throw new CliError(
      `${file}: ${script.length === 0 ? 'the file is empty' : 'the script is larger than 100 KB'}`,
    );
  return script;
}

/** `.env` lines: `KEY=VALUE`, optional `export `, `#` comments, values optionally quoted. */
export function parseSecretsFile(text: string, file: string): Record<string, string> {
  const secrets: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new CliError(`${file}:${i + 1}: expected KEY=VALUE`);
    let value = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted)
      value =
        quoted[1] === '"'
          ? quoted[2]!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1')
          : quoted[2]!;
    else value = value.replace(/\s+#.*$/, '');
    secrets[match[1]!] = value;
  });
  return secrets;
}

/** `--secrets-file` first, then each `--secret` (later ones win); checked before anything is written. */
function collectSecrets(
  pairs: string[],
  file: string | undefined,
): Record<string, string> | undefined {
  const secrets: Record<string, string> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(
        `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      );
    }
    Object.assign(secrets, parseSecretsFile(text, file));
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new UsageError(
        `--secret needs KEY=VALUE, got ${pair.split('=')[0] || pair.slice(0, 20)}`,
        usage,
      );
    secrets[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (Object.keys(secrets).length === 0) return undefined;
  const parsed = hookSecretsSchema.safeParse(secrets);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Name the key, never the value.
    const where = issue.path.length > 0 ? `secret ${String(issue.path[0])}` : 'secrets';
    throw new CliError(`Invalid ${where}: ${issue.message}`);
  }
  return parsed.data;
}

const secretNamesSchema = z.record(z.string(), z.string());

/** New names are added (POST), existing ones get the new value (PATCH). */
async function writeSecrets(api: Session['api'], hookId: string, secrets: Record<string, string>) {
  const existing = new Set(
    Object.keys(await api.get(`/hooks/${hookId}/secrets`, secretNamesSchema)),
  );
  const added = Object.fromEntries(Object.entries(secrets).filter(([k]) => !existing.has(k)));
  const updated = Object.fromEntries(Object.entries(secrets).filter(([k]) => existing.has(k)));
  const ignore = z.unknown();
  if (Object.keys(added).length > 0) await api.post(`/hooks/${hookId}/secrets`, added, ignore);
  if (Object.keys(updated).length > 0) await api.patch(`/hooks/${hookId}/secrets`, updated, ignore);
}
