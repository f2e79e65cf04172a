import { parse, commonHelp, commonOptions, writeLine, type Command } from '../command';
import {
  DEFAULT_PROFILE,
  normalizeUrl,
  profileNameSchema,
  readProfiles,
  saveProfile,
  tokenCache,
} from '../config';
import { UsageError } from '../errors';
import { obtainManagementToken } from '../session';

const usage =
  'tokenhook init [-p NAME] --url URL --client-id ID --client-secret SECRET [--no-verify]';

export const initCommand: Command = {
  name: 'init',
  summary: 'save a profile: the server and the M2M application the CLI signs in as',
  usage,
  help: `Saves a profile for a machine-to-machine application authorized on the Tokenhook
Management API (audience ISSUER/api/v2/) with the scopes the commands need:
read:hooks, create:hooks, update:hooks, delete:hooks, plus read:clients and read:client_keys
for \`tokenhook test\`. The CLI then gets management tokens with client credentials, caches them
and renews them before they expire.

The client secret is stored in the profile file, $XDG_CONFIG_HOME/tokenhook/profiles.json
(or ~/.config/tokenhook/profiles.json; $TOKENHOOK_CONFIG_DIR overrides the folder), readable only
by you (file 0600, folder 0700). Cached tokens sit beside it in token-cache.json (0600).
In CI, skip init: set TOKENHOOK_URL, TOKENHOOK_CLIENT_ID and TOKENHOOK_CLIENT_SECRET instead.
A missing flag is taken from the matching variable, so the secret can stay out of shell history:
  TOKENHOOK_CLIENT_SECRET=... tokenhook init --url URL --client-id ID

Options:
      --url URL             the Tokenhook server, e.g. http://localhost:3000
      --client-id ID        the application's client_id
      --client-secret SECRET
                            the application's client_secret (stored in the profile file;
                            default: $TOKENHOOK_CLIENT_SECRET)
      --no-verify           save without getting a token first
${commonHelp}

Example:
  tokenhook init -p default --url http://localhost:3000 --client-id abc --client-secret "$SECRET"
`,
  async run(args) {
    const { values } = parse(
      this,
      args,
      {
        ...commonOptions,
        url: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'no-verify': { type: 'boolean' },
      },
      { min: 0, max: 0, names: '' },
    );
    const env = process.env;
    const name = values.profile ?? (env.TOKENHOOK_PROFILE || DEFAULT_PROFILE);
    if (!profileNameSchema.safeParse(name).success)
      throw new UsageError(
        `Invalid profile name ${name} (letters, digits, ".", "_" and "-")`,
        usage,
      );
    // The variables stand in for missing flags, which keeps the secret out of shell history.
    const url = values.url || env.TOKENHOOK_URL;
    const clientId = values['client-id'] || env.TOKENHOOK_CLIENT_ID;
    const clientSecret = values['client-secret'] || env.TOKENHOOK_CLIENT_SECRET;
    if (!url) throw new UsageError('Missing --url', usage);
    if (!clientId) throw new UsageError('Missing --client-id', usage);
    if (!clientSecret) throw new UsageError('Missing --client-secret', usage);
    const profile = {
      url: normalizeUrl(url, '--url'),
      client_id: clientId,
      client_secret: clientSecret,
    };
    // Check the credentials before saving them, so a typo fails here and not in the next command.
    if (!values['no-verify']) await obtainManagementToken({ name, ...profile });
    const previous = readProfiles().profiles[name];
    const file = saveProfile(name, profile);
    if (previous) tokenCache.set(previous, undefined); // no token of replaced credentials stays on disk
    writeLine(
      `Profile ${name} saved in ${file} (it holds the client secret; readable only by you).`,
    );
    if (!values['no-verify']) writeLine(`Signed in to ${profile.url} as ${profile.client_id}.`);
  },
};
