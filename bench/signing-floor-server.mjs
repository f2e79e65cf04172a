// The floor for `npm run bench`: node:http and node:crypto alone, with nothing of an authorization
// server: it parses the JSON body, builds the seed hook's token (same claims) and signs it RS256
// (or ES256 with FLOOR_ALG=ES256) on the libuv pool, as Tokenhook does. No client check, no store, no hook, no log. What it
// reaches on a machine is what any Node server can reach there, so the other rows read against it.
import http from 'node:http';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';

// FLOOR_ALG=ES256 signs with P-256 (signatures r||s, RFC 7518 §3.4), as an ES256 API does.
const ALG = process.env.FLOOR_ALG === 'ES256' ? 'ES256' : 'RS256';
const { privateKey } =
  ALG === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
const signOptions = ALG === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey;
const header = Buffer.from(JSON.stringify({ alg: ALG, typ: 'JWT', kid: 'floor' })).toString(
  'base64url',
);

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      const iat = Math.floor(Date.now() / 1000);
      const claims = {
        'https://foo.com/claim': 'bar',
        iss: `http://127.0.0.1:${process.env.PORT}/`,
        sub: `${body.client_id}@clients`,
        aud: body.audience,
        iat,
        exp: iat + 86400,
        azp: body.client_id,
        scope: 'read:data extra',
        gty: 'client-credentials',
        jti: randomUUID(),
      };
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      sign('sha256', Buffer.from(input), signOptions, (err, signature) => {
        const token = {
          access_token: `${input}.${signature.toString('base64url')}`,
          token_type: 'Bearer',
          expires_in: 86400,
          scope: claims.scope,
        };
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'cache-control': 'no-store',
            pragma: 'no-cache',
          })
          .end(JSON.stringify(token));
      });
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
