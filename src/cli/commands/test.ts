import { ApiError } from '@/shared/api-error';
import { clientSchema, type Client } from '@/shared/schemas/client';
import { oauthErrorSchema } from '@/shared/schemas/errors';
import { pagedSchema } from '@/shared/schemas/paging';
import { tokenResponseSchema } from '@/shared/schemas/token';
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
import { CliError, UsageError } from '../errors';
import { decodeJwt } from '../format';
import { describeOAuthError, openSession, requestToken, type Session } from '../session';
import { runTestCases } from './versions';

const usage =
  'tokenhook test --client NAME|ID --audience IDENTIFIER [--scope SCOPES] [--raw] [-p PROFILE] [-o json]\n       tokenhook test [--target draft|live|N] [-p PROFILE] [-o json] NAME';
const clientPageSchema = pagedSchema('clients', clientSchema);

export const testCommand: Command = {
  name: 'test',
  summary: "run a real client-credentials exchange, or a hook's saved test cases",
  usage,
  help: `Runs POST /oauth/token as the application (by name or client_id) for the API (its
identifier), exactly as a service would, so the enabled credentials-exchange hook runs. Prints the
HTTP status and the token's decoded header and payload; not the token itself unless --raw.
Reading the application's secret needs the read:client_keys scope on the profile's application.
Exits 1 when the exchange fails (the hook refused, no grant, …), with the OAuth error.

With a hook NAME instead, runs that hook's saved test cases against its draft (or the live code
when there is no draft; --target picks draft, live or a version number) and prints each case;
exits 1 when one fails, for CI.

Options:
      --client NAME|ID      the application
      --audience IDENTIFIER the API's identifier
      --scope SCOPES        ask for fewer scopes (space separated); default: all granted
      --raw                 also print the access token
      --target draft|live|N which code the test cases run against
${outputHelp}
${commonHelp}

Example:
  tokenhook test --client "Billing service" --audience https://orders.example.com
`,
  async run(args) {
    const { values, positionals } = parse(
      this,
      args,
      {
        ...commonOptions,
        ...outputOption,
        client: { type: 'string' },
        audience: { type: 'string' },
        scope: { type: 'string' },
        raw: { type: 'boolean' },
        target: { type: 'string' },
      },
      { min: 0, max: 1, names: 'NAME' },
    );
    const output = outputFormat(this, values);
    if (positionals[0] !== undefined)
      return runTestCases(positionals[0], values.target, values.profile, output);
    if (!values.client) throw new UsageError('Missing --client NAME|ID', usage);
    if (!values.audience) throw new UsageError('Missing --audience IDENTIFIER', usage);

    const session = openSession(values.profile);
    const client = await findClient(session.api, values.client);
    if (!client.client_secret) {
      throw new CliError(
        `Profile ${session.profile.name} cannot read client secrets: its application needs the read:client_keys scope`,
      );
    }
    const endpoint = `${session.profile.url}/oauth/token`;
    const res = await requestToken(session.profile.url, {
      client_id: client.client_id,
      client_secret: client.client_secret,
      audience: values.audience,
      ...(values.scope !== undefined && { scope: values.scope }),
    });

    if (res.status !== 200) {
      if (output === 'json')
        writeJson({
          status: res.status,
          ...oauthErrorSchema.catch({ error: 'unexpected_response' }).parse(res.body),
        });
      throw new CliError(
        `Token request failed with ${res.status}: ${describeOAuthError(res.status, res.body)}`,
      );
    }
    const token = tokenResponseSchema.parse(res.body);
    const decoded = decodeJwt(token.access_token);
    if (!decoded) throw new CliError('The server answered with an access token that is not a JWT');
    const { access_token, ...rest } = token;

    if (output === 'json') {
      return writeJson({
        status: res.status,
        ...rest,
        ...(values.raw && { access_token }),
        header: decoded.header,
        payload: decoded.payload,
      });
    }
    writeLine(`POST ${endpoint} → ${res.status}`);
    writeLine(
      `token_type: ${token.token_type}  expires_in: ${token.expires_in}  scope: ${token.scope}`,
    );
    writeLine('Header:');
    writeLine(JSON.stringify(decoded.header, null, 2));
    writeLine('Payload:');
    writeLine(JSON.stringify(decoded.payload, null, 2));
    if (values.raw) {
      writeLine('Access token:');
      writeLine(access_token);
    }
  },
};

/** By client_id first, else by name; a name shared by several applications must be given as an id. */
async function findClient(api: Session['api'], nameOrId: string): Promise<Client> {
  try {
    return await api.get(`/clients/${encodeURIComponent(nameOrId)}`, clientSchema);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  const matches: Client[] = [];
  for (let page = 0; ; page++) {
    const body = await api.get(
      `/clients?page=${page}&per_page=100&include_totals=true`,
      clientPageSchema,
    );
    matches.push(...body.clients.filter((c) => c.name === nameOrId));
    if (body.clients.length < 100 || (page + 1) * 100 >= body.total) break;
  }
  if (matches.length === 0)
    throw new CliError(`No application named or with client_id ${nameOrId}`);
  if (matches.length > 1) {
    throw new CliError(
      `${matches.length} applications are named ${nameOrId}: use a client_id (${matches.map((c) => c.client_id).join(', ')})`,
    );
  }
  return matches[0]!;
}
