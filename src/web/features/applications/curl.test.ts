import { describe, expect, it } from 'vitest';
import type { Client } from '@/shared/schemas/client';
import { tokenRequestCurl } from './curl';

const client: Client = {
  client_id: 'abc',
  tenant: 'default',
  name: 'Billing',
  description: '',
  app_type: 'non_interactive',
  is_first_party: true,
  grant_types: ['client_credentials'],
  token_endpoint_auth_method: 'client_secret_post',
  client_metadata: {},
  client_secret: "s3cr'et",
};

describe('tokenRequestCurl', () => {
  it('sends a JSON body for client_secret_post, quoting for the shell', () => {
    expect(
      tokenRequestCurl(client, 'http://localhost:3000/oauth/token', 'https://orders.example.com'),
    ).toBe(
      [
        'curl --request POST \\',
        "  --url 'http://localhost:3000/oauth/token' \\",
        "  --header 'content-type: application/json' \\",
        "  --data '{",
        '    "client_id": "abc",',
        `    "client_secret": "s3cr'\\''et",`,
        '    "audience": "https://orders.example.com",',
        '    "grant_type": "client_credentials"',
        "  }'",
      ].join('\n'),
    );
  });

  it('uses HTTP Basic for client_secret_basic', () => {
    const basic = {
      ...client,
      client_secret: 'x',
      token_endpoint_auth_method: 'client_secret_basic' as const,
    };
    expect(tokenRequestCurl(basic, 'http://h/oauth/token', 'urn:a')).toBe(
      [
        'curl --request POST \\',
        "  --url 'http://h/oauth/token' \\",
        "  --user 'abc:x' \\",
        '  --data grant_type=client_credentials \\',
        "  --data-urlencode audience='urn:a'",
      ].join('\n'),
    );
  });
});
