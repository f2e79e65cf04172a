import { DEFAULT_HOOK_TIMEOUT_MS } from '@/shared/schemas/hook';
import type { Rec } from '@/shared/tenant/parse';
import { readRemote } from '@/shared/tenant/remote';
import { commonHelp, commonOptions, parse, writeLine, type Command } from '../command';
import { UsageError } from '../errors';
import { openSession } from '../session';
import { writeTenant } from '../tenant-files';

const usage = 'tokenhook export PATH [--format directory|yaml] [-p PROFILE]';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the tenant in Auth0 Deploy CLI format (directory or tenant.yaml)',
  usage,
  help: `Writes the APIs, applications, grants and hooks into PATH the way Auth0's Deploy CLI
(\`a0deploy export\`) does, so \`tokenhook import\` (here or on another server) or Auth0's tooling
can read it:
  directory  clients/NAME.json, resource-servers/NAME.json, grants/CLIENT-API.json,
             hooks/NAME.json + hooks/NAME.js (earlier .json/.js files there are replaced)
  yaml       PATH/tenant.yaml, with hook code in PATH/hooks/NAME.js (script: ./hooks/NAME.js)

Ids are stripped, grants name their application by name, and secrets are never written: client
secrets are left out and hook secrets appear as _VALUE_NOT_SHOWN_. The Management API, the
application this CLI signs in as and grants on the Management API are not exported.

Options:
      --format FORMAT   directory (default) or yaml
${commonHelp}

Example:
  tokenhook export ./tenant --format yaml
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      { ...commonOptions, format: { type: 'string', short: 'f' } },
      { min: 1, max: 1, names: 'PATH' },
    );
    const format = values.format ?? 'directory';
    if (format !== 'directory' && format !== 'yaml')
      throw new UsageError(`Unknown format ${format} (use directory or yaml)`, usage);
    const session = openSession(values.profile);
    const self = session.profile.client_id;
    const remote = await readRemote(session.api, { hooksSecrets: true });

    const system = new Set(
      remote.resourceServers.filter((r) => r.is_system).map((r) => r.identifier),
    );
    const resourceServers: Rec[] = remote.resourceServers
      .filter((r) => !r.is_system)
      .map(({ id: _id, is_system: _system, ...rest }) => rest);
    const clients: Rec[] = remote.clients
      .filter((c) => c.client_id !== self)
      .map(({ client_id: _id, client_secret: _secret, tenant: _tenant, ...rest }) => rest);
    const nameOf = new Map(remote.clients.map((c) => [c.client_id, c.name]));
    const clientGrants: Rec[] = remote.grants
      .filter((g) => g.client_id !== self && !system.has(g.audience))
      .map((g) => ({
        client_id: nameOf.get(g.client_id) ?? g.client_id,
        audience: g.audience,
        scope: g.scope,
      }));
    const hooks: Rec[] = remote.hooks.map((h) => {
      const names = remote.secrets.get(h.id) ?? [];
      return {
        name: h.name,
        script: h.script,
        dependencies: h.dependencies,
        triggerId: h.triggerId,
        enabled: h.enabled,
        secrets: Object.fromEntries(names.map((n) => [n, '_VALUE_NOT_SHOWN_'])),
        // Tokenhook's addition to Auth0's shape, written only when it is not the default.
        ...(h.timeout_ms !== DEFAULT_HOOK_TIMEOUT_MS ? { timeout_ms: h.timeout_ms } : {}),
      };
    });
    const apiNames = new Map(remote.resourceServers.map((r) => [r.identifier, r.name]));
    const target = positionals[0]!;
    const files = writeTenant(target, format, {
      clients,
      resourceServers,
      clientGrants,
      hooks,
      apiNames,
    });
    writeLine(
      `Exported ${resourceServers.length} API${resourceServers.length === 1 ? '' : 's'}, ${clients.length} application${clients.length === 1 ? '' : 's'}, ` +
        `${clientGrants.length} grant${clientGrants.length === 1 ? '' : 's'} and ${hooks.length} hook${hooks.length === 1 ? '' : 's'} to ${target} (${format} format, ${files.length} files).`,
    );
    const secretCount = hooks.reduce((n, h) => n + Object.keys(h.secrets as Rec).length, 0);
    writeLine(
      `Secrets are not exported: client secrets are left out${secretCount ? ` and ${secretCount} hook secret${secretCount === 1 ? '' : 's'} read _VALUE_NOT_SHOWN_` : ''}.`,
    );
  },
};
