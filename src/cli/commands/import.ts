import path from 'node:path';
import { applyPlan, doneVerb, stoppedMessage } from '@/shared/tenant/apply';
import {
  kindLabel,
  makePlan,
  showValue,
  summary,
  type Plan,
  type Step,
} from '@/shared/tenant/plan';
import { readRemote } from '@/shared/tenant/remote';
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
import { CliError, describeError } from '../errors';
import { openSession } from '../session';
import { cliTerms, readKeywords, readTenant } from '../tenant-files';

const usage =
  'tokenhook import PATH [--dry-run] [--allow-delete] [--allow-dangerous] [--keywords FILE] [-p PROFILE] [-o json]';

export const importCommand: Command = {
  name: 'import',
  summary: 'apply an Auth0 Deploy CLI export (directory or tenant.yaml)',
  usage,
  help: `Applies a tenant export made by Auth0's Deploy CLI (\`a0deploy export\`) or by \`tokenhook export\`:
PATH is a directory export (clients/, resource-servers/, grants/, hooks/*.json + *.js) or a
tenant.yaml (or a folder holding one) with clients, resourceServers, clientGrants and hooks.

Prints the plan (create / update / delete per resource, with the fields that change), then
applies it: APIs, applications, grants, hooks, hook secrets, then deletions.
  - Applications match by name, APIs by identifier, grants by application name (or client_id)
    and audience, hooks by name (Auth0's normalised "add-tier-claim" matches "Add Tier Claim").
  - A folder or key that is absent leaves that resource type alone. Resources on the server that
    the export lacks are deleted only with --allow-delete; the Management API and the
    application this CLI signs in as are never changed or deleted.
  - New applications get a generated client secret unless the file carries client_secret.
  - Hook secrets exported as _VALUE_NOT_SHOWN_ are created without a value; the import lists
    them, and tokenhook ls shows them until they are set.
  - More than one enabled hook per extensibility point is an error, before anything changes.
  - Fields Tokenhook does not support (callbacks, cross_origin_auth, ...) are dropped with a warning.
  - Dangerous changes are marked in the plan and refused, before anything changes, without
    --allow-dangerous: replacing an existing application's secret, changing or deleting an
    application that holds a Management API grant, replacing an existing hook's code or secrets,
    enabling an existing hook. Apply them only from an export you trust.

Options:
      --dry-run         print the plan only; change nothing
      --allow-delete    delete what the export lacks (for the types it holds)
      --allow-dangerous apply the changes the plan marks as dangerous
      --keywords FILE   mappings for @@KEY@@ (replaced by the value as JSON) and ##KEY## (as text),
                        a JSON or YAML object (or a Deploy CLI config with
                        AUTH0_KEYWORD_REPLACE_MAPPINGS); the environment is never used
${outputHelp}
${commonHelp}

Examples:
  tokenhook import ./tenant --dry-run
  tokenhook import ./export/tenant.yaml --keywords staging.json --allow-delete
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      {
        ...commonOptions,
        ...outputOption,
        'dry-run': { type: 'boolean' },
        'allow-delete': { type: 'boolean' },
        'allow-dangerous': { type: 'boolean' },
        keywords: { type: 'string' },
      },
      { min: 1, max: 1, names: 'PATH' },
    );
    const output = outputFormat(this, values);
    const dryRun = values['dry-run'] ?? false;
    const allowDelete = values['allow-delete'] ?? false;
    const assets = readTenant(positionals[0]!, readKeywords(values.keywords));

    const session = openSession(values.profile);
    const { api, profile } = session;
    const remote = await readRemote(api, { hooksSecrets: assets.hooks !== null });
    const plan = makePlan(assets, remote, {
      allowDelete,
      selfClientId: profile.client_id,
      terms: cliTerms,
    });
    const text = output === 'text';

    if (text) {
      writeLine(`Plan for ${profile.url} from ${positionals[0]} (${assets.format} format):`);
      for (const line of formatPlan(plan)) writeLine(line);
      for (const w of plan.warnings) writeLine(`warning: ${w}`);
      writeLine(summary(plan));
    }
    const missingLines = () => {
      if (plan.missingSecrets.length === 0) return;
      writeLine(
        "Hook secrets to set (exported as _VALUE_NOT_SHOWN_, so no value was stored); set them in the console (the hook's Secrets tab) or with:",
      );
      for (const m of plan.missingSecrets) {
        writeLine(`  ${m.hook}: ${m.names.join(', ')}`);
        const script = m.script ? shellWord(path.join(positionals[0]!, m.script)) : 'SCRIPT';
        writeLine(
          `    tokenhook create -p ${shellWord(profile.name)} -t ${m.triggerId} -n ${shellWord(m.hook)} ${m.names.map((n) => `--secret ${n}=VALUE`).join(' ')} ${script}`,
        );
      }
    };

    if (dryRun) {
      if (output === 'json')
        return writeJson({
          dry_run: true,
          plan: plan.steps.map(stepJson),
          warnings: plan.warnings,
          missing_secrets: plan.missingSecrets,
        });
      missingLines();
      return writeLine('Dry run: nothing was changed.');
    }

    const result = await applyPlan(plan, api, {
      allowDangerous: values['allow-dangerous'] ?? false,
      confirm: '--allow-dangerous',
    });
    const applied = result.applied.map(
      ({ step, detail }) =>
        `${doneVerb(step.action)} ${kindLabel[step.kind]} ${step.label}${detail ? ` (${detail})` : ''}`,
    );
    if (output === 'json') {
      writeJson({
        dry_run: false,
        plan: plan.steps.map(stepJson),
        applied,
        ...(result.failed
          ? {
              failed: {
                step: stepJson(result.failed.step),
                error: describeError(result.failed.error).line,
              },
            }
          : {}),
        warnings: plan.warnings,
        missing_secrets: plan.missingSecrets,
        new_client_secrets: result.ctx.newSecrets,
      });
    } else {
      writeLine(result.failed ? 'Applied before the failure:' : 'Applied:');
      for (const line of applied) writeLine(`  ${line}`);
      if (applied.length === 0) writeLine('  nothing');
      if (result.ctx.newSecrets.length > 0) {
        writeLine(
          'New client secrets were generated (never printed); read them in the console, Applications → NAME → Credentials,',
        );
        writeLine('or with GET /api/v2/clients/CLIENT_ID (scope read:client_keys):');
        for (const s of result.ctx.newSecrets)
          writeLine(`  ${s.name}: ${profile.url}/applications/${s.client_id}/credentials`);
      }
      missingLines();
    }
    if (result.failed) {
      const { step, error } = result.failed;
      throw new CliError(stoppedMessage(step, result.applied.length, describeError(error).line));
    }
  },
};

const symbol: Record<Step['action'], string> = {
  create: '+',
  update: '~',
  delete: '-',
  unchanged: '=',
  kept: '!',
};

function formatPlan(plan: Plan): string[] {
  const lines: string[] = [];
  for (const step of plan.steps) {
    lines.push(
      `  ${symbol[step.action]} ${step.action === 'kept' ? 'keep' : step.action} ${kindLabel[step.kind]} ${step.label}`,
    );
    for (const c of step.changes)
      lines.push(`      ${c.field}: ${showValue(c.from)} → ${showValue(c.to)}`);
    if (step.danger) lines.push(`      (DANGEROUS: ${step.danger})`);
    for (const n of step.notes) lines.push(`      (${n})`);
  }
  if (plan.steps.length === 0)
    lines.push('  (nothing: the export holds none of clients, resource servers, grants, hooks)');
  return lines;
}

function stepJson(step: Step) {
  return {
    type: kindLabel[step.kind],
    action: step.action,
    name: step.label,
    changes: step.changes,
    notes: step.notes,
    ...(step.danger && { danger: step.danger }),
  };
}
