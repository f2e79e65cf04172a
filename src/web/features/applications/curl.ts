import type { Client } from '@/shared/schemas/client';

/** Single-quotes a value for a POSIX shell. */
const sh = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** The request a service makes, as curl, for one of the APIs this application is authorized on. */
export function tokenRequestCurl(client: Client, tokenEndpoint: string, audience: string): string {
  const secret = client.client_secret ?? 'YOUR_CLIENT_SECRET';
  if (client.token_endpoint_auth_method === 'client_secret_basic') {
    return [
      `curl --request POST \\`,
      `  --url ${sh(tokenEndpoint)} \\`,
      `  --user ${sh(`${client.client_id}:${secret}`)} \\`,
      `  --data grant_type=client_credentials \\`,
      `  --data-urlencode audience=${sh(audience)}`,
    ].join('\n');
  }
  // One field per line: the JSON stays readable, and a single-quoted shell word may span lines.
  const body = JSON.stringify(
    {
      client_id: client.client_id,
      client_secret: secret,
      audience,
      grant_type: 'client_credentials',
    },
    null,
    2,
  )
    .split('\n')
    .map((line, i) => (i === 0 ? line : `  ${line}`))
    .join('\n');
  return [
    `curl --request POST \\`,
    `  --url ${sh(tokenEndpoint)} \\`,
    `  --header 'content-type: application/json' \\`,
    `  --data ${sh(body)}`,
  ].join('\n');
}
