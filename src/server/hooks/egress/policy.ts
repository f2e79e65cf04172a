/**
 * The egress policy for hooks' outbound calls, as pure functions over parsed rules and IP addresses.
 *
 * Order of the decision for one connection (host name from the URL, an address it resolved to,
 * the port):
 * 1. a HOOK_EGRESS_DENY rule that matches refuses it (deny wins over allow);
 * 2. the server's own listeners are refused unless a HOOK_EGRESS_ALLOW rule naming that port matches
 *    (a hook calling its own server could recurse into itself);
 * 3. a HOOK_EGRESS_ALLOW rule that matches allows it, even when the address is not public;
 * 4. anything but a public unicast address is refused (the default policy);
 * 5. everything else is allowed.
 *
 * Rules are host names (`api.example.com`, `*.example.com` for every subdomain), IP addresses or
 * CIDRs (IPv4 or IPv6), each optionally with `:port` (`[::1]:8080` for an IPv6 address with a port).
 * `*` in HOOK_EGRESS_DENY refuses every call. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are
 * treated as the IPv4 address they map to; NAT64 and 6to4 addresses are judged by the IPv4
 * address they embed.
 */

/** An IPv4 (32-bit) or IPv6 (128-bit) address as a number. */
export interface Ip {
  version: 4 | 6;
  value: bigint;
}

interface Cidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
}

/** One entry of HOOK_EGRESS_ALLOW or HOOK_EGRESS_DENY, parsed. */
export type EgressRule = { text: string; variable: string; port: number | undefined } & (
  { kind: 'host'; host: string; wildcard: boolean } | { kind: 'cidr'; cidr: Cidr } | { kind: 'any' }
);

interface Listener {
  text: string;
  port: number;
  /** undefined: every address of this machine (a listener on 0.0.0.0 or ::). */
  address: Ip | undefined;
  host: string | undefined;
}

export interface EgressPolicy {
  allow: EgressRule[];
  deny: EgressRule[];
  listeners: Listener[];
  /** Addresses of this machine, for listeners bound to every address; loopback is always included. */
  localAddresses: Ip[];
}

/** One connection about to be made: the URL's host name, one address it resolved to, the port. */
export interface EgressTarget {
  hostname: string;
  address: string;
  port: number;
}

export type EgressDecision = { allowed: true } | { allowed: false; reason: string };

/** A rule or listener that cannot be parsed; the message names the variable and the entry. */
export class EgressRuleError extends Error {}

const BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Decimal only, no leading zeros: `010` is octal to some resolvers.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const zone = text.indexOf('%');
  const body = (zone === -1 ? text : text.slice(0, zone)).toLowerCase();
  if (body === '' || !/^[0-9a-f:.]+$/.test(body)) return undefined;
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 address may only end the address.
  if (halves.length === 2 && head.length > 0 && (halves[0] ?? '').includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IPv4 or IPv6 address (brackets and a zone index allowed); undefined when it is not one. */
export function parseIp(text: string): Ip | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(bare);
  if (v4 !== undefined) return { version: 4, value: v4 };
  if (!bare.includes(':')) return undefined;
  const v6 = parseIpv6(bare);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

function cidr(text: string): Cidr {
  const [addr = '', prefix = ''] = text.split('/');
  const ip = parseIp(addr);
  if (!ip) throw new Error(`bad built-in CIDR ${text}`);
  return { version: ip.version, base: ip.value, prefix: Number(prefix) };
}

function inCidr(ip: Ip, range: Cidr): boolean {
  if (ip.version !== range.version) return false;
  const shift = BigInt(BITS[ip.version] - range.prefix);
  return ip.value >> shift === range.base >> shift;
}

const MAPPED = cidr('::ffff:0:0/96');

/** An IPv4-mapped IPv6 address becomes the IPv4 address it maps to; others are unchanged. */
export function canonicalIp(ip: Ip): Ip {
  return inCidr(ip, MAPPED) ? { version: 4, value: ip.value & 0xffffffffn } : ip;
}

/** The address as text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as `::`). */
export function formatIp(ip: Ip): string {
  if (ip.version === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start === -1) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

const cidrText = (range: Cidr) =>
  `${formatIp({ version: range.version, value: range.base })}/${range.prefix}`;

/** IANA special-purpose IPv4 ranges (RFC 6890 and its updates) that a hook may not reach by default. */
const V4_BANNED: [string, string][] = [
  ['0.0.0.0/8', '"this network"'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared (carrier-grade NAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignment'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

/** IPv6 ranges checked before the rule that only global unicast (2000::/3) is public. */
const V6_BANNED: [string, string][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['100::/64', 'discard-only'],
  ['fc00::/7', 'private (unique local)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
  ['2001::/23', 'IETF protocol assignment (Teredo, benchmarking, ORCHID)'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
];

const v4Banned = V4_BANNED.map(([range, label]) => ({ range: cidr(range), label }));
const v6Banned = V6_BANNED.map(([range, label]) => ({ range: cidr(range), label }));
const GLOBAL_UNICAST = cidr('2000::/3');
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');
const LOOPBACK = [cidr('127.0.0.0/8'), cidr('::1/128')];

/**
 * Why the default policy refuses an address (its range and what the range is), or undefined for a
 * public unicast address.
 */
export function nonPublicRange(ip: Ip): { range: string; label: string } | undefined {
  const addr = canonicalIp(ip);
  if (addr.version === 4) {
    const hit = v4Banned.find((b) => inCidr(addr, b.range));
    return hit && { range: cidrText(hit.range), label: hit.label };
  }
  const embedded = (value: bigint, prefix: Cidr, kind: string) => {
    const inner = nonPublicRange({ version: 4, value });
    return (
      inner && {
        range: cidrText(prefix),
        label: `${kind} form of a ${inner.label} address (${inner.range})`,
      }
    );
  };
  if (inCidr(addr, NAT64)) return embedded(addr.value & 0xffffffffn, NAT64, 'NAT64');
  if (inCidr(addr, SIX_TO_FOUR))
    return embedded((addr.value >> 80n) & 0xffffffffn, SIX_TO_FOUR, '6to4');
  const hit = v6Banned.find((b) => inCidr(addr, b.range));
  if (hit) return { range: cidrText(hit.range), label: hit.label };
  if (!inCidr(addr, GLOBAL_UNICAST))
    return { range: cidrText(GLOBAL_UNICAST), label: 'non-global (outside 2000::/3)' };
  return undefined;
}

function parsePort(text: string, fail: () => never): number {
  if (!/^[1-9]\d{0,4}$/.test(text)) fail();
  const port = Number(text);
  if (port > 65_535) fail();
  return port;
}

const HOST_NAME =
  /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Lowercase, without a trailing dot or IPv6 brackets: the form host rules are compared in. */
export function canonicalHostname(hostname: string): string {
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

/** Parses one entry of `variable` (HOOK_EGRESS_ALLOW or HOOK_EGRESS_DENY); throws EgressRuleError. */
export function parseEgressRule(entry: string, variable: string): EgressRule {
  const text = entry.trim();
  const fail = (): never => {
    throw new EgressRuleError(
      `${variable}: "${text}" is not a host name (api.example.com, *.example.com), IP address or CIDR, with an optional :port`,
    );
  };
  if (text === '*') {
    if (variable !== 'HOOK_EGRESS_DENY') {
      throw new EgressRuleError(
        `${variable}: "*" is only accepted in HOOK_EGRESS_DENY (to allow every address, use 0.0.0.0/0,::/0)`,
      );
    }
    return { text, variable, port: undefined, kind: 'any' };
  }
  let addrPart = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    addrPart = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], fail);
  } else if (text.includes('/')) {
    const slash = text.indexOf('/');
    const suffix = /^(\d{1,3})(?::(.*))?$/.exec(text.slice(slash + 1)) ?? fail();
    addrPart = `${text.slice(0, slash)}/${suffix[1]}`;
    if (suffix[2] !== undefined) port = parsePort(suffix[2], fail);
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const colon = text.indexOf(':');
    addrPart = text.slice(0, colon);
    port = parsePort(text.slice(colon + 1), fail);
  }
  if (addrPart.includes('/')) {
    const [addr = '', prefixText = ''] = addrPart.split('/');
    const ip = parseIp(addr) ?? fail();
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : fail();
    if (prefix > BITS[ip.version]) fail();
    return {
      text,
      variable,
      port,
      kind: 'cidr',
      cidr: { version: ip.version, base: ip.value, prefix },
    };
  }
  const ip = parseIp(addrPart);
  if (ip) {
    const exact = canonicalIp(ip);
    return {
      text,
      variable,
      port,
      kind: 'cidr',
      cidr: { version: exact.version, base: exact.value, prefix: BITS[exact.version] },
    };
  }
  const host = addrPart.toLowerCase().replace(/\.$/, '');
  // A name ending in a number is an IPv4 address to URL parsers (WHATWG URL "ends in a number").
  if (!HOST_NAME.test(host) || host.length > 253 || /(^|\.)(\d+|0x[0-9a-f]*)$/.test(host)) fail();
  return host.startsWith('*.')
    ? { text, variable, port, kind: 'host', host: host.slice(2), wildcard: true }
    : { text, variable, port, kind: 'host', host, wildcard: false };
}

/** Splits a comma-separated variable into its entries (empty entries are skipped). */
export function splitEgressList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

function parseListener(text: string): Listener {
  const fail = (): never => {
    throw new EgressRuleError(`own listener "${text}" is not host:port`);
  };
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text.trim()) ?? fail();
  const hostText = (m[1] ?? m[2] ?? '').toLowerCase();
  const port = parsePort(m[3] ?? '', fail);
  const ip = hostText === '' ? undefined : parseIp(hostText);
  if (hostText === '' || (ip && ip.value === 0n))
    return { text, port, address: undefined, host: undefined };
  if (ip) return { text, port, address: canonicalIp(ip), host: undefined };
  return { text, port, address: undefined, host: canonicalHostname(hostText) };
}

export interface EgressPolicyOptions {
  /** Entries of HOOK_EGRESS_ALLOW. */
  allow?: string[];
  /** Entries of HOOK_EGRESS_DENY. */
  deny?: string[];
  /** The server's own `host:port` listeners; a host of 0.0.0.0, :: or nothing means every local address. */
  ownListeners?: string[];
  /** Addresses of this machine (see machineAddresses in egress/fetch.ts); loopback is always included. */
  localAddresses?: string[];
}

/** Builds a policy; throws EgressRuleError for an entry that cannot be parsed. */
export function createEgressPolicy(options: EgressPolicyOptions = {}): EgressPolicy {
  return {
    allow: (options.allow ?? []).map((e) => parseEgressRule(e, 'HOOK_EGRESS_ALLOW')),
    deny: (options.deny ?? []).map((e) => parseEgressRule(e, 'HOOK_EGRESS_DENY')),
    listeners: (options.ownListeners ?? []).map(parseListener),
    localAddresses: (options.localAddresses ?? []).flatMap((a) => {
      const ip = parseIp(a);
      return ip ? [canonicalIp(ip)] : [];
    }),
  };
}

function ruleMatches(rule: EgressRule, hostname: string, ip: Ip, port: number): boolean {
  if (rule.port !== undefined && rule.port !== port) return false;
  switch (rule.kind) {
    case 'any':
      return true;
    case 'cidr':
      return inCidr(ip, rule.cidr);
    case 'host':
      return rule.wildcard ? hostname.endsWith(`.${rule.host}`) : hostname === rule.host;
  }
}

function isLocal(policy: EgressPolicy, ip: Ip): boolean {
  return (
    LOOPBACK.some((r) => inCidr(ip, r)) ||
    policy.localAddresses.some((a) => a.version === ip.version && a.value === ip.value)
  );
}

function listenerMatches(
  policy: EgressPolicy,
  l: Listener,
  hostname: string,
  ip: Ip,
  port: number,
): boolean {
  if (l.port !== port) return false;
  if (l.host !== undefined) return l.host === hostname;
  if (l.address === undefined) return isLocal(policy, ip);
  return l.address.version === ip.version && l.address.value === ip.value;
}

/** Whether a hook may open this connection; when not, the reason names the host and the rule. */
export function decide(policy: EgressPolicy, target: EgressTarget): EgressDecision {
  const hostname = canonicalHostname(target.hostname);
  const parsed = parseIp(target.address);
  const where = (address: string) =>
    hostname === canonicalHostname(address)
      ? `host ${hostname} port ${target.port}`
      : `host ${hostname} port ${target.port} (address ${address})`;
  if (!parsed)
    return {
      allowed: false,
      reason: `${where(target.address)}: "${target.address}" is not an IP address`,
    };
  const ip = canonicalIp(parsed);
  const subject = where(formatIp(ip));

  const denied = policy.deny.find((r) => ruleMatches(r, hostname, ip, target.port));
  if (denied)
    return {
      allowed: false,
      reason: `${subject} is refused by the ${denied.variable} rule "${denied.text}"`,
    };

  const listener = policy.listeners.find((l) =>
    listenerMatches(policy, l, hostname, ip, target.port),
  );
  if (listener) {
    const namedPort = policy.allow.some(
      (r) => r.port === target.port && ruleMatches(r, hostname, ip, target.port),
    );
    if (namedPort) return { allowed: true };
    return {
      allowed: false,
      reason:
        `${subject} is this server's own listener (${listener.text}), refused by the egress policy; ` +
        `a HOOK_EGRESS_ALLOW rule with this port (e.g. "${formatRuleSuggestion(ip, target.port)}") allows it`,
    };
  }

  if (policy.allow.some((r) => ruleMatches(r, hostname, ip, target.port))) return { allowed: true };

  const banned = nonPublicRange(ip);
  if (banned) {
    return {
      allowed: false,
      reason:
        `${subject} is a ${banned.label} address (${banned.range}), refused by the default egress policy ` +
        `(public addresses only); add it to HOOK_EGRESS_ALLOW to allow it`,
    };
  }
  return { allowed: true };
}

function formatRuleSuggestion(ip: Ip, port: number): string {
  return ip.version === 6 ? `[${formatIp(ip)}]:${port}` : `${formatIp(ip)}:${port}`;
}
