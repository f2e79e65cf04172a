import { z } from 'zod';
import {
  clientGrantCheckpointSchema,
  clientGrantCreateSchema,
  clientGrantListQuerySchema,
  clientGrantSchema,
  clientGrantUpdateSchema,
} from '@/shared/schemas/client-grant';
import { clientCreateSchema, clientSchema, clientUpdateSchema } from '@/shared/schemas/client';
import { managementScopes } from '@/shared/management-scopes';
import {
  SECRET_PLACEHOLDER,
  hookCreateSchema,
  hookDraftSchema,
  hookDraftUpdateSchema,
  hookExecutionSchema,
  hookListQuerySchema,
  hookSchema,
  hookSecretNamesSchema,
  hookUnsetSecretsSchema,
  hookSecretsSchema,
  hookTryRequestSchema,
  hookTryResponseSchema,
  hookUpdateSchema,
  hookVersionSchema,
} from '@/shared/schemas/hook';
import { managementErrorSchema } from '@/shared/schemas/errors';
import { logEventSchema, logListQuerySchema } from '@/shared/schemas/log';
import {
  hookTestCaseCreateSchema,
  hookTestCaseSchema,
  hookTestRunRequestSchema,
  hookTestRunSchema,
} from '@/shared/schemas/hook-test';
import { listQuerySchema, pagedSchema } from '@/shared/schemas/paging';
import {
  signingKeyRevocationSchema,
  signingKeyRotationSchema,
  signingKeySchema,
} from '@/shared/schemas/signing-key';
import {
  resourceServerCreateSchema,
  resourceServerSchema,
  resourceServerUpdateSchema,
} from '@/shared/schemas/resource-server';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  scopes: string[];
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Schema of the success body; `null` for 204. */
  response: z.ZodType | null;
  status?: number;
}

const list = (collection: string, item: z.ZodType) =>
  z.union([z.array(item), pagedSchema(collection, item)]);

/** Every Management API operation: the document below is generated from these shared schemas. */
export const managementOperations: Operation[] = [
  {
    method: 'get',
    path: '/resource-servers',
    summary: 'List APIs',
    scopes: ['read:resource_servers'],
    query: listQuerySchema,
    response: list('resource_servers', resourceServerSchema),
  },
  {
    method: 'post',
    path: '/resource-servers',
    summary: 'Create an API',
    scopes: ['create:resource_servers'],
    body: resourceServerCreateSchema,
    response: resourceServerSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/resource-servers/{id}',
    summary: 'Get an API by id or identifier',
    scopes: ['read:resource_servers'],
    response: resourceServerSchema,
  },
  {
    method: 'patch',
    path: '/resource-servers/{id}',
    summary: 'Update an API',
    scopes: ['update:resource_servers'],
    body: resourceServerUpdateSchema,
    response: resourceServerSchema,
  },
  {
    method: 'post',
    path: '/resource-servers/{id}/rotate-signing-secret',
    summary: "Replace an HS256 API's signing secret (shown once)",
    scopes: ['update:resource_servers'],
    response: resourceServerSchema,
  },
  {
    method: 'delete',
    path: '/resource-servers/{id}',
    summary: 'Delete an API and its grants',
    scopes: ['delete:resource_servers'],
    response: null,
    status: 204,
  },
  {
    method: 'get',
    path: '/clients',
    summary: 'List applications',
    scopes: ['read:clients', 'read:client_keys'],
    query: listQuerySchema,
    response: list('clients', clientSchema),
  },
  {
    method: 'post',
    path: '/clients',
    summary: 'Create an application',
    scopes: ['create:clients'],
    body: clientCreateSchema,
    response: clientSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/clients/{id}',
    summary: 'Get an application',
    scopes: ['read:clients', 'read:client_keys'],
    response: clientSchema,
  },
  {
    method: 'patch',
    path: '/clients/{id}',
    summary: 'Update an application',
    scopes: ['update:clients'],
    body: clientUpdateSchema,
    response: clientSchema,
  },
  {
    method: 'delete',
    path: '/clients/{id}',
    summary: 'Delete an application and its grants',
    scopes: ['delete:clients'],
    response: null,
    status: 204,
  },
  {
    method: 'post',
    path: '/clients/{id}/rotate-secret',
    summary: "Rotate an application's secret",
    scopes: ['update:client_keys'],
    response: clientSchema,
  },
  {
    method: 'get',
    path: '/client-grants',
    summary: 'List client grants',
    scopes: ['read:client_grants'],
    query: listQuerySchema.extend(clientGrantListQuerySchema.shape),
    response: z.union([list('client_grants', clientGrantSchema), clientGrantCheckpointSchema]),
  },
  {
    method: 'post',
    path: '/client-grants',
    summary: 'Authorize an application on an API',
    scopes: ['create:client_grants'],
    body: clientGrantCreateSchema,
    response: clientGrantSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/client-grants/{id}',
    summary: 'Get a client grant',
    scopes: ['read:client_grants'],
    response: clientGrantSchema,
  },
  {
    method: 'patch',
    path: '/client-grants/{id}',
    summary: "Change a grant's scopes",
    scopes: ['update:client_grants'],
    body: clientGrantUpdateSchema,
    response: clientGrantSchema,
  },
  {
    method: 'delete',
    path: '/client-grants/{id}',
    summary: 'Delete a client grant',
    scopes: ['delete:client_grants'],
    response: null,
    status: 204,
  },
  {
    method: 'get',
    path: '/hooks',
    summary: 'List hooks',
    scopes: ['read:hooks'],
    query: listQuerySchema.extend(hookListQuerySchema.shape),
    response: list('hooks', hookSchema),
  },
  {
    method: 'post',
    path: '/hooks',
    summary: 'Create a hook (disabled unless `enabled`)',
    scopes: ['create:hooks'],
    body: hookCreateSchema,
    response: hookSchema,
    status: 201,
  },
  {
    method: 'post',
    path: '/hooks/try',
    summary: 'Run an unsaved draft in the Runner',
    scopes: ['update:hooks'],
    body: hookTryRequestSchema,
    response: hookTryResponseSchema,
  },
  {
    method: 'get',
    path: '/hooks/{id}',
    summary: 'Get a hook',
    scopes: ['read:hooks'],
    response: hookSchema,
  },
  {
    method: 'patch',
    path: '/hooks/{id}',
    summary: 'Update a hook; enabling disables the other enabled hook of its point',
    scopes: ['update:hooks'],
    body: hookUpdateSchema,
    response: hookSchema,
  },
  {
    method: 'delete',
    path: '/hooks/{id}',
    summary: 'Delete a hook',
    scopes: ['delete:hooks'],
    response: null,
    status: 204,
  },
  {
    method: 'get',
    path: '/hooks/{id}/secrets',
    summary: "List a hook's secrets (values never shown)",
    scopes: ['read:hooks'],
    response: z.record(z.string(), z.literal(SECRET_PLACEHOLDER)),
  },
  {
    method: 'get',
    path: '/hooks/{id}/secrets/unset',
    summary: 'Secrets created with the placeholder, still without a value',
    scopes: ['read:hooks'],
    response: hookUnsetSecretsSchema,
  },
  {
    method: 'post',
    path: '/hooks/{id}/secrets',
    summary: 'Add secrets',
    scopes: ['create:hooks', 'update:hooks'],
    body: hookSecretsSchema,
    response: z.object({}),
    status: 201,
  },
  {
    method: 'patch',
    path: '/hooks/{id}/secrets',
    summary: 'Update secrets (the placeholder keeps a value)',
    scopes: ['update:hooks'],
    body: hookSecretsSchema,
    response: z.object({}),
    status: 201,
  },
  {
    method: 'delete',
    path: '/hooks/{id}/secrets',
    summary: 'Delete secrets by name',
    scopes: ['delete:hooks', 'update:hooks'],
    body: hookSecretNamesSchema,
    response: null,
    status: 204,
  },
  {
    method: 'get',
    path: '/hooks/{id}/logs',
    summary: 'Execution log, newest first',
    scopes: ['read:hooks'],
    query: listQuerySchema,
    response: list('logs', hookExecutionSchema),
  },
  {
    method: 'get',
    path: '/hooks/{id}/logs/{execution}',
    summary: 'One execution, e.g. the one a token response names in Tokenhook-Hook-Execution',
    scopes: ['read:hooks'],
    response: hookExecutionSchema,
  },
  {
    method: 'get',
    path: '/hooks/{id}/logs/stream',
    summary: 'Live executions (Server-Sent Events, event `execution`)',
    scopes: ['read:hooks'],
    response: z.string(),
  },
  {
    method: 'get',
    path: '/hooks/{id}/versions',
    summary: 'Versions of a hook, newest (live) first',
    scopes: ['read:hooks'],
    query: listQuerySchema,
    response: list('versions', hookVersionSchema),
  },
  {
    method: 'get',
    path: '/hooks/{id}/versions/{version}',
    summary: 'A version, by id or number',
    scopes: ['read:hooks'],
    response: hookVersionSchema,
  },
  {
    method: 'post',
    path: '/hooks/{id}/versions/{version}/deploy',
    summary: 'Roll back: the version becomes live as a new version',
    scopes: ['update:hooks'],
    response: hookVersionSchema,
  },
  {
    method: 'get',
    path: '/hooks/{id}/draft',
    summary: 'The saved draft (or the live script), with its own ETag',
    scopes: ['read:hooks'],
    response: hookDraftSchema,
  },
  {
    method: 'put',
    path: '/hooks/{id}/draft',
    summary: 'Save a draft without touching the live hook (If-Match: the draft it replaces)',
    scopes: ['update:hooks'],
    body: hookDraftUpdateSchema,
    response: hookDraftSchema,
  },
  {
    method: 'delete',
    path: '/hooks/{id}/draft',
    summary: 'Discard the draft',
    scopes: ['update:hooks'],
    response: null,
    status: 204,
  },
  {
    method: 'post',
    path: '/hooks/{id}/deploy',
    summary: 'Make the draft live through the gate (If-Match: the draft it means)',
    scopes: ['update:hooks'],
    response: hookSchema,
  },
  {
    method: 'get',
    path: '/hooks/{id}/tests',
    summary: "A hook's saved test cases",
    scopes: ['read:hooks'],
    response: z.array(hookTestCaseSchema),
  },
  {
    method: 'post',
    path: '/hooks/{id}/tests',
    summary: 'Save a test case',
    scopes: ['update:hooks'],
    body: hookTestCaseCreateSchema,
    response: hookTestCaseSchema,
    status: 201,
  },
  {
    method: 'put',
    path: '/hooks/{id}/tests/{test}',
    summary: 'Replace a test case',
    scopes: ['update:hooks'],
    body: hookTestCaseCreateSchema,
    response: hookTestCaseSchema,
  },
  {
    method: 'delete',
    path: '/hooks/{id}/tests/{test}',
    summary: 'Delete a test case',
    scopes: ['update:hooks'],
    response: null,
    status: 204,
  },
  {
    method: 'post',
    path: '/hooks/{id}/test',
    summary: 'Run the test cases against the draft, live code or a version',
    scopes: ['update:hooks'],
    body: hookTestRunRequestSchema,
    response: hookTestRunSchema,
  },
  {
    method: 'post',
    path: '/hooks/{id}/try',
    summary: 'Run the hook (or a draft `script`) in the Runner without saving',
    scopes: ['update:hooks'],
    body: hookTryRequestSchema,
    response: hookTryResponseSchema,
  },
  {
    method: 'get',
    path: '/keys/signing',
    summary: 'List the published signing keys (public material only)',
    scopes: ['read:signing_keys'],
    response: z.array(signingKeySchema),
  },
  {
    method: 'get',
    path: '/keys/signing/{kid}',
    summary: 'Get a signing key',
    scopes: ['read:signing_keys'],
    response: signingKeySchema,
  },
  {
    method: 'post',
    path: '/keys/signing/rotate',
    summary: 'Rotate the signing keys; the previous ones stay published',
    scopes: ['create:signing_keys', 'update:signing_keys'],
    response: signingKeyRotationSchema,
    status: 201,
  },
  {
    method: 'put',
    path: '/keys/signing/{kid}/revoke',
    summary:
      'Revoke a previous signing key: unpublished at once, it never signs again (the current key: 409)',
    scopes: ['update:signing_keys'],
    response: signingKeyRevocationSchema,
  },
  {
    method: 'post',
    path: '/keys/signing/{kid}/revoke',
    summary: 'Same as PUT',
    scopes: ['update:signing_keys'],
    response: signingKeyRevocationSchema,
  },
  {
    method: 'get',
    path: '/logs',
    summary: 'The tenant log: management changes and token exchanges, newest first',
    scopes: ['read:logs'],
    query: listQuerySchema.extend(logListQuerySchema.shape),
    response: list('logs', logEventSchema),
  },
];

const schema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any' });

/** OpenAPI 3.1 document of the Management API, served at `/api/v2/openapi.json`. */
export function managementOpenApi(issuerBaseUrl: string) {
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: schema(managementErrorSchema, 'output') } },
  });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of managementOperations) {
    const parameters = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => ({
        name,
        in: 'query',
        required: false,
        schema: schema(s as z.ZodType, 'input'),
      })),
    ];
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      security: [{ bearer: op.scopes }],
      description: `Requires any of the scopes: ${op.scopes.join(', ')}.`,
      parameters,
      ...(op.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schema(op.body, 'input') } },
        },
      }),
      responses: {
        [String(op.status ?? 200)]:
          op.response === null
            ? { description: 'No content' }
            : {
                description: 'Success',
                content: { 'application/json': { schema: schema(op.response, 'output') } },
              },
        400: errorResponse('Invalid request (`invalid_body`, `invalid_query_string`)'),
        401: errorResponse('Missing or invalid token'),
        403: errorResponse('Insufficient scope'),
        ...(op.path.includes('{') && { 404: errorResponse('Not found') }),
        ...(op.method === 'post' && { 409: errorResponse('Conflict') }),
        503: errorResponse(
          'The store is unavailable (`store_unavailable`); retry after `Retry-After` seconds',
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tokenhook Management API',
      version: '2',
      description: 'Auth0 Management API v2 shapes.',
    },
    servers: [{ url: `${issuerBaseUrl}/api/v2` }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'oauth2',
          flows: {
            clientCredentials: {
              tokenUrl: `${issuerBaseUrl}/oauth/token`,
              scopes: Object.fromEntries(managementScopes.map((s) => [s.value, s.description])),
            },
          },
        },
      },
    },
    paths,
  };
}
