/** The exchange a service makes, as the Test panel sends it and shows it. */
export interface TokenRequest {
  url: string;
  authMethod: 'client_secret_post' | 'client_secret_basic';
  clientId: string;
  clientSecret: string;
  audience: string;
}

export const MASK = '••••••••';

/** Single-quotes a value for a POSIX shell. */
const sh = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** Headers and body of the request, exactly as `fetch` sends them. */
export function requestInit(
  req: TokenRequest,
  secret = req.clientSecret,
): { headers: Record<string, string>; body: string } {
  if (req.authMethod === 'client_secret_basic') {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    const basic = btoa(`${encodeURIComponent(req.clientId)}:${encodeURIComponent(secret)}`);
    return {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        audience: req.audience,
      }).toString(),
    };
  }
  return {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: req.clientId,
      client_secret: secret,
      audience: req.audience,
    }),
  };
}

/** The request as curl; the secret is masked unless `reveal`. */
export function toCurl(req: TokenRequest, reveal: boolean): string {
  const secret = reveal ? req.clientSecret : MASK;
  if (req.authMethod === 'client_secret_basic') {
    return [
      `curl --request POST \\`,
      `  --url ${sh(req.url)} \\`,
      `  --user ${sh(`${req.clientId}:${secret}`)} \\`,
      `  --data grant_type=client_credentials \\`,
      `  --data-urlencode audience=${sh(req.audience)}`,
    ].join('\n');
  }
  const body = JSON.stringify(
    {
      grant_type: 'client_credentials',
      client_id: req.clientId,
      client_secret: secret,
      audience: req.audience,
    },
    null,
    2,
  )
    .split('\n')
    .map((line, i) => (i === 0 ? line : `  ${line}`))
    .join('\n');
  return [
    `curl --request POST \\`,
    `  --url ${sh(req.url)} \\`,
    `  --header 'content-type: application/json' \\`,
    `  --data ${sh(body)}`,
  ].join('\n');
}

/** The request in the HAR-style JSON of Auth0's "Test your Hook" guide. */
export function toHar(req: TokenRequest, reveal: boolean): string {
  const secret = reveal ? req.clientSecret : MASK;
  const { headers, body } = requestInit(req, secret);
  const har = {
    method: 'POST',
    url: req.url,
    headers: Object.entries(headers).map(([name, value]) => ({
      name: name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()),
      value: name === 'authorization' && !reveal ? `Basic base64(${req.clientId}:${MASK})` : value,
    })),
    postData: { mimeType: headers['content-type'], text: body },
  };
  return JSON.stringify(har, null, 2);
}
