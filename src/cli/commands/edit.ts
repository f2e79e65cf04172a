import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hookSchema, hookScriptSchema } from '@/shared/schemas/hook';
import { commonHelp, commonOptions, parse, writeLine, type Command } from '../command';
import { CliError, describeError } from '../errors';
import { findHook } from '../hooks';
import { openSession } from '../session';

export const editCommand: Command = {
  name: 'edit',
  summary: "edit a hook's script in $VISUAL or $EDITOR",
  usage: 'tokenhook edit [-p PROFILE] NAME',
  help: `Opens the script of the hook NAME in $VISUAL, else $EDITOR, else vi, on a temporary copy
(mode 0600). When the editor exits successfully and the file changed, the script is saved; an
editor that exits non-zero discards the edit. Editors that return at once need their wait flag,
e.g. EDITOR="code --wait".

Options:
${commonHelp}
`,
  async run(args) {
    const { values, positionals } = parse(this, args, commonOptions, {
      min: 1,
      max: 1,
      names: 'NAME',
    });
    const { api } = openSession(values.profile);
    const hook = await findHook(api, positionals[0]!);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-edit-'));
    const file = path.join(dir, `${hook.name.replace(/[^\w-]+/g, '-')}.js`);
    fs.writeFileSync(file, hook.script, { mode: 0o600 });
    let keep = false;
    try {
      const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
      const code = await runEditor(editor, file);
      if (code === 127) throw new CliError(`Editor ${editor} not found: set $VISUAL or $EDITOR`);
      if (code !== 0)
        throw new CliError(`Editor exited with code ${code}; hook ${hook.name} not changed`);
      const script = fs.readFileSync(file, 'utf8');
      if (script === hook.script) return writeLine(`No changes; hook ${hook.name} not updated.`);
      if (!hookScriptSchema.safeParse(script).success) {
        keep = true;
        throw new CliError(
          `The script is ${script.length === 0 ? 'empty' : 'larger than 100 KB'}; hook ${hook.name} not changed (your edit is in ${file})`,
        );
      }
      try {
        await api.patch(`/hooks/${hook.id}`, { script }, hookSchema);
      } catch (err) {
        keep = true; // never lose someone's edit to a network error
        throw new CliError(`${describeError(err).line}; your edit is in ${file}`);
      }
      writeLine(`Saved hook ${hook.name}${hook.enabled ? ' (enabled: it runs from now on)' : ''}.`);
    } finally {
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Runs `$EDITOR FILE` through the shell (EDITOR may carry arguments) on this terminal. */
function runEditor(editor: string, file: string): Promise<number> {
  // Ctrl-C belongs to the editor while it runs.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  return new Promise<number>((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }).finally(() => process.off('SIGINT', ignore));
}
