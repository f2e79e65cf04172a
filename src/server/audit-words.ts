/**
 * The tenant log's sentence for one Management API change: the resource by kind and name (as it
 * was when the change was made) and what happened, in words ("Hook tier-claims: version 4
 * deployed", "Hook tier-claims: secret REGION added", "Application Billing: secret rotated").
 */
export interface ChangeFacts {
  method: string;
  /** The path below /api/v2, e.g. `/hooks/01J…/secrets`. */
  path: string;
  status: number;
  /** The request body, when it was JSON. */
  body?: unknown;
  /** The response body, when it was JSON. */
  response?: unknown;
  /** The resource's name before the change (absent for a create, or when it did not exist). */
  name?: string;
}

const KINDS: Record<string, string> = {
  'resource-servers': 'API',
  clients: 'Application',
  'client-grants': 'Grant',
  hooks: 'Hook',
  keys: 'Signing keys',
};

const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const count = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;
const list = (names: string[]) => names.join(', ');
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** Names of a hook-secrets body: `{ NAME: value }` to set, `["NAME"]` to remove. */
function secretNames(body: unknown): string[] {
  if (Array.isArray(body)) return body.filter((n): n is string => typeof n === 'string');
  return body !== null && typeof body === 'object' ? Object.keys(body) : [];
}

function whatHappened({ method, path, body, response }: ChangeFacts, segments: string[]): string {
  const [resource = '', id, sub, subId, subAction] = segments;
  if (resource === 'keys')
    return sub !== undefined && subId === 'revoke' ? `key ${sub} revoked` : 'rotated';
  if (id === 'try' || sub === 'try') return 'tried in the Runner';
  if (id === undefined) return 'created';
  if (sub === undefined) {
    if (method === 'DELETE') return 'deleted';
    const enabled = field(body, 'enabled');
    const keys = body !== null && typeof body === 'object' ? Object.keys(body) : [];
    const others = keys.filter((k) => k !== 'enabled');
    const parts = [
      ...(typeof enabled === 'boolean' ? [enabled ? 'enabled' : 'disabled'] : []),
      ...(others.includes('script') ? ['code changed'] : []),
      ...(others.filter((k) => k !== 'script').length
        ? [`${list(others.filter((k) => k !== 'script'))} changed`]
        : []),
    ];
    return parts.length ? parts.join(', ') : 'updated';
  }
  if (sub === 'rotate-secret') return 'secret rotated';
  if (sub === 'secrets') {
    const names = secretNames(body);
    const verb = method === 'POST' ? 'added' : method === 'DELETE' ? 'removed' : 'changed';
    return `${plural(names.length, 'secret', 'secrets')} ${list(names)} ${verb}`.replace('  ', ' ');
  }
  if (sub === 'draft') return method === 'DELETE' ? 'draft discarded' : 'draft saved';
  if (sub === 'deploy') {
    const version = count(field(response, 'hook_version'));
    return version === undefined ? 'draft deployed' : `version ${version} deployed`;
  }
  if (sub === 'versions' && subAction === 'deploy') {
    const version = count(field(response, 'number'));
    return `rolled back to version ${subId ?? '?'}${version === undefined ? '' : ` (now version ${version})`}`;
  }
  if (sub === 'tests') {
    const name = text(field(body, 'name')) ?? text(field(response, 'name'));
    const label = name ? `test case '${name}'` : 'test case';
    return method === 'DELETE' ? `${label} deleted` : `${label} saved`;
  }
  if (sub === 'test') return 'test cases run';
  return `${method.toLowerCase()} ${path}`;
}

/** A path segment decoded, or as sent when its percent-encoding is malformed. */
export function decodeOrKeep(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** "Hook tier-claims: version 4 deployed"; a refused change ends with "— refused (409)". */
export function describeChange(facts: ChangeFacts): string {
  const segments = facts.path.split('/').slice(1).map(decodeOrKeep);
  const [resource = '', id] = segments;
  const kind = KINDS[resource] ?? resource;
  const name =
    facts.name ??
    text(field(facts.body, 'name')) ??
    text(field(facts.response, 'name')) ??
    (resource === 'client-grants'
      ? (text(field(facts.body, 'audience')) ?? text(field(facts.response, 'audience')))
      : undefined) ??
    (resource === 'resource-servers' ? text(field(facts.body, 'identifier')) : undefined) ??
    id;
  const subject = resource === 'keys' || !name ? kind : `${kind} ${name}`;
  const refused = facts.status >= 400 ? ` — refused (${facts.status})` : '';
  return `${subject}: ${whatHappened(facts, segments)}${refused}`;
}
