import { describe, expect, it } from 'vitest';
import {
  createEgressPolicy,
  decide,
  EgressRuleError,
  formatIp,
  nonPublicRange,
  parseEgressRule,
  parseIp,
  splitEgressList,
} from './policy';

const defaults = createEgressPolicy();
const verdict = (address: string, hostname = address, port = 443, policy = defaults) =>
  decide(policy, { hostname, address, port });

describe('parseIp and formatIp', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['::', '::'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s → %s', (text, formatted) => {
    const ip = parseIp(text);
    expect(ip && formatIp(ip)).toBe(formatted);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '010.0.0.1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    'example.com',
    '12345::',
    '1.2.3.4::',
    '',
  ])('%s is not an address', (text) => expect(parseIp(text)).toBeUndefined());
});

describe('the default policy: public unicast addresses only', () => {
  it.each([
    ['0.0.0.0', '"this network"'],
    ['0.1.2.3', '"this network"'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['100.100.100.200', 'shared (carrier-grade NAT)'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['169.254.0.1', 'link-local (cloud metadata)'],
    ['192.0.0.170', 'IETF protocol assignment'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['fc00::1', 'private (unique local)'],
    ['fd00:ec2::254', 'private (unique local)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    [
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      'IETF protocol assignment (Teredo, benchmarking, ORCHID)',
    ],
    ['100::1', 'discard-only'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['4000::1', 'non-global (outside 2000::/3)'],
  ])('%s is refused as %s', (address, label) => {
    expect(nonPublicRange(parseIp(address)!)?.label).toBe(label);
    const result = verdict(address);
    expect(result.allowed).toBe(false);
    expect(!result.allowed && result.reason).toContain(`a ${label} address`);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:0:0', '"this network"'],
  ])('the IPv4-mapped %s is judged as the IPv4 address (%s)', (address, label) => {
    expect(nonPublicRange(parseIp(address)!)?.label).toBe(label);
  });

  it.each([
    ['64:ff9b::127.0.0.1', 'NAT64 form of a loopback address (127.0.0.0/8)'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 form of a link-local (cloud metadata) address (169.254.0.0/16)'],
    ['2002:c0a8:0101::1', '6to4 form of a private address (192.168.0.0/16)'],
  ])('%s embeds a non-public IPv4 address', (address, label) => {
    expect(nonPublicRange(parseIp(address)!)?.label).toBe(label);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
  ])('%s is public and allowed', (address) => {
    expect(nonPublicRange(parseIp(address)!)).toBeUndefined();
    expect(verdict(address)).toEqual({ allowed: true });
  });

  it('names the host, its address, the range and the way to allow it', () => {
    expect(verdict('169.254.169.254', 'metadata.google.internal', 80)).toEqual({
      allowed: false,
      reason:
        'host metadata.google.internal port 80 (address 169.254.169.254) is a link-local (cloud metadata) address ' +
        '(169.254.0.0/16), refused by the default egress policy (public addresses only); add it to HOOK_EGRESS_ALLOW to allow it',
    });
  });

  it('refuses something that is not an address', () => {
    expect(verdict('not-an-ip', 'example.com')).toEqual({
      allowed: false,
      reason: 'host example.com port 443 (address not-an-ip): "not-an-ip" is not an IP address',
    });
  });
});

describe('HOOK_EGRESS_ALLOW and HOOK_EGRESS_DENY', () => {
  it('an allowed address or CIDR overrides the default ban, IPv4 and IPv6', () => {
    const policy = createEgressPolicy({
      allow: ['127.0.0.1', '10.20.0.0/16', 'fd00::/8', '[::1]:8080'],
    });
    expect(verdict('127.0.0.1', 'localhost', 3000, policy)).toEqual({ allowed: true });
    expect(verdict('::ffff:127.0.0.1', 'localhost', 3000, policy)).toEqual({ allowed: true });
    expect(verdict('127.0.0.2', '127.0.0.2', 3000, policy).allowed).toBe(false);
    expect(verdict('10.20.30.40', 'billing.internal', 443, policy)).toEqual({ allowed: true });
    expect(verdict('10.21.0.1', 'billing.internal', 443, policy).allowed).toBe(false);
    expect(verdict('fd12::1', 'v6.internal', 443, policy)).toEqual({ allowed: true });
    expect(verdict('::1', '::1', 8080, policy)).toEqual({ allowed: true });
    expect(verdict('::1', '::1', 8081, policy).allowed).toBe(false);
    // An allow rule never stops a public address from being reachable.
    expect(verdict('8.8.8.8', 'dns.google', 443, policy)).toEqual({ allowed: true });
  });

  it('an allowed host name, exact or wildcard, reaches the addresses it resolves to', () => {
    const policy = createEgressPolicy({ allow: ['vault.internal:8200', '*.corp.example'] });
    expect(verdict('10.0.0.5', 'vault.internal', 8200, policy)).toEqual({ allowed: true });
    expect(verdict('10.0.0.5', 'VAULT.internal.', 8200, policy)).toEqual({ allowed: true });
    expect(verdict('10.0.0.5', 'vault.internal', 8201, policy).allowed).toBe(false);
    expect(verdict('10.0.0.6', 'a.b.corp.example', 443, policy)).toEqual({ allowed: true });
    // A wildcard is for subdomains only.
    expect(verdict('10.0.0.6', 'corp.example', 443, policy).allowed).toBe(false);
    expect(verdict('10.0.0.6', 'evilcorp.example', 443, policy).allowed).toBe(false);
  });

  it('deny wins over allow and over the default, by host, wildcard, address or CIDR', () => {
    const policy = createEgressPolicy({
      allow: ['127.0.0.0/8', 'api.example.com'],
      deny: [
        '127.0.0.1',
        'api.example.com:8443',
        '*.tracker.example',
        '2606:4700::/32',
        '8.8.8.8:53',
      ],
    });
    expect(verdict('127.0.0.2', '127.0.0.2', 80, policy)).toEqual({ allowed: true });
    expect(verdict('127.0.0.1', '127.0.0.1', 80, policy)).toEqual({
      allowed: false,
      reason: 'host 127.0.0.1 port 80 is refused by the HOOK_EGRESS_DENY rule "127.0.0.1"',
    });
    expect(verdict('::ffff:127.0.0.1', 'localhost', 80, policy)).toEqual({
      allowed: false,
      reason:
        'host localhost port 80 (address 127.0.0.1) is refused by the HOOK_EGRESS_DENY rule "127.0.0.1"',
    });
    expect(verdict('93.184.215.14', 'api.example.com', 443, policy)).toEqual({ allowed: true });
    expect(verdict('93.184.215.14', 'api.example.com', 8443, policy).allowed).toBe(false);
    expect(verdict('93.184.215.14', 'x.tracker.example', 443, policy).allowed).toBe(false);
    expect(verdict('2606:4700::1111', 'one.one.one.one', 443, policy).allowed).toBe(false);
    expect(verdict('8.8.8.8', 'dns.google', 53, policy).allowed).toBe(false);
    expect(verdict('8.8.8.8', 'dns.google', 443, policy)).toEqual({ allowed: true });
  });

  it('"*" in HOOK_EGRESS_DENY refuses every call', () => {
    const policy = createEgressPolicy({ allow: ['127.0.0.1'], deny: ['*'] });
    expect(verdict('8.8.8.8', 'dns.google', 443, policy)).toEqual({
      allowed: false,
      reason:
        'host dns.google port 443 (address 8.8.8.8) is refused by the HOOK_EGRESS_DENY rule "*"',
    });
    expect(verdict('127.0.0.1', '127.0.0.1', 80, policy).allowed).toBe(false);
  });

  it.each([
    [
      'api.example.com',
      { kind: 'host', host: 'api.example.com', wildcard: false, port: undefined },
    ],
    ['*.Example.COM:8443', { kind: 'host', host: 'example.com', wildcard: true, port: 8443 }],
    [
      '127.0.0.1:3000',
      { kind: 'cidr', cidr: { version: 4, base: 0x7f000001n, prefix: 32 }, port: 3000 },
    ],
    [
      '10.0.0.0/8',
      { kind: 'cidr', cidr: { version: 4, base: 0x0a000000n, prefix: 8 }, port: undefined },
    ],
    [
      '10.0.0.0/8:443',
      { kind: 'cidr', cidr: { version: 4, base: 0x0a000000n, prefix: 8 }, port: 443 },
    ],
    ['::1', { kind: 'cidr', cidr: { version: 6, base: 1n, prefix: 128 }, port: undefined }],
    ['[::1]:8080', { kind: 'cidr', cidr: { version: 6, base: 1n, prefix: 128 }, port: 8080 }],
    [
      'fc00::/7',
      { kind: 'cidr', cidr: { version: 6, base: 0xfcn << 120n, prefix: 7 }, port: undefined },
    ],
    [
      '[fc00::]/7',
      { kind: 'cidr', cidr: { version: 6, base: 0xfcn << 120n, prefix: 7 }, port: undefined },
    ],
    [
      '[fc00::/7]:443',
      { kind: 'cidr', cidr: { version: 6, base: 0xfcn << 120n, prefix: 7 }, port: 443 },
    ],
    [
      '::ffff:127.0.0.1',
      { kind: 'cidr', cidr: { version: 4, base: 0x7f000001n, prefix: 32 }, port: undefined },
    ],
  ])('parses %s', (entry, expected) => {
    expect(parseEgressRule(entry, 'HOOK_EGRESS_ALLOW')).toMatchObject(expected);
  });

  it.each([
    [
      '*',
      'HOOK_EGRESS_ALLOW: "*" is only accepted in HOOK_EGRESS_DENY (to allow every address, use 0.0.0.0/0,::/0)',
    ],
    ['10.0.0.0/33', 'HOOK_EGRESS_ALLOW: "10.0.0.0/33" is not a host name'],
    ['::/129', 'HOOK_EGRESS_ALLOW: "::/129" is not a host name'],
    ['example.com:0', 'HOOK_EGRESS_ALLOW: "example.com:0" is not a host name'],
    ['example.com:70000', 'HOOK_EGRESS_ALLOW: "example.com:70000" is not a host name'],
    ['http://example.com', 'HOOK_EGRESS_ALLOW: "http://example.com" is not a host name'],
    ['a.*.example.com', 'HOOK_EGRESS_ALLOW: "a.*.example.com" is not a host name'],
    ['10.0.0.256', 'HOOK_EGRESS_ALLOW: "10.0.0.256" is not a host name'],
    ['1.2.3', 'HOOK_EGRESS_ALLOW: "1.2.3" is not a host name'],
    ['foo.0x7f', 'HOOK_EGRESS_ALLOW: "foo.0x7f" is not a host name'],
    ['[::1]:', 'HOOK_EGRESS_ALLOW: "[::1]:" is not a host name'],
  ])('refuses %s', (entry, message) => {
    expect(() => parseEgressRule(entry, 'HOOK_EGRESS_ALLOW')).toThrow(EgressRuleError);
    expect(() => parseEgressRule(entry, 'HOOK_EGRESS_ALLOW')).toThrow(message);
  });

  it('splits a comma-separated list, skipping empty entries', () => {
    expect(splitEgressList(' a.example , 10.0.0.0/8,,[::1]:80 ')).toEqual([
      'a.example',
      '10.0.0.0/8',
      '[::1]:80',
    ]);
    expect(splitEgressList(undefined)).toEqual([]);
  });
});

describe("the server's own listeners", () => {
  it('are refused even when their address is allowed, unless a rule names the port', () => {
    const policy = createEgressPolicy({ allow: ['127.0.0.1'], ownListeners: ['127.0.0.1:3000'] });
    expect(verdict('127.0.0.1', 'localhost', 3000, policy)).toEqual({
      allowed: false,
      reason:
        "host localhost port 3000 (address 127.0.0.1) is this server's own listener (127.0.0.1:3000), refused by the " +
        'egress policy; a HOOK_EGRESS_ALLOW rule with this port (e.g. "127.0.0.1:3000") allows it',
    });
    expect(verdict('127.0.0.1', '127.0.0.1', 3001, policy)).toEqual({ allowed: true });
    const named = createEgressPolicy({
      allow: ['127.0.0.1:3000'],
      ownListeners: ['127.0.0.1:3000'],
    });
    expect(verdict('127.0.0.1', '127.0.0.1', 3000, named)).toEqual({ allowed: true });
  });

  it('on every address match loopback and the given local addresses, on that port only', () => {
    const policy = createEgressPolicy({
      allow: ['0.0.0.0/0', '::/0'],
      ownListeners: ['0.0.0.0:3000', '[::]:4000', 'auth.example.com:443'],
      localAddresses: ['10.0.0.11', 'fd00::11'],
    });
    expect(verdict('127.0.0.5', '127.0.0.5', 3000, policy).allowed).toBe(false);
    expect(verdict('10.0.0.11', 'node1.internal', 3000, policy).allowed).toBe(false);
    expect(verdict('fd00::11', 'node1.internal', 4000, policy).allowed).toBe(false);
    expect(verdict('10.0.0.12', 'node2.internal', 3000, policy)).toEqual({ allowed: true });
    expect(verdict('10.0.0.11', 'node1.internal', 3001, policy)).toEqual({ allowed: true });
    expect(verdict('93.184.215.14', 'auth.example.com', 443, policy).allowed).toBe(false);
  });

  it('must be host:port', () => {
    expect(() => createEgressPolicy({ ownListeners: ['127.0.0.1'] })).toThrow(
      'own listener "127.0.0.1" is not host:port',
    );
  });
});
