/**
 * The shared reading of Deploy CLI exports from memory, as the console gets them: a zip of a
 * directory export (built here from the CLI's fixtures), a tenant.yaml alone or zipped with its
 * hook files. The CLI suites (src/cli/import-export.test.ts) cover the same code from disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Client } from '@/shared/schemas/client';
import { fileMap, resolveInside, unzipExport } from './files';
import { parseKeywords, parseTenant, type TenantTerms } from './parse';
import { makePlan, summary } from './plan';

const FIXTURES = path.resolve('src/cli/fixtures');
const terms: TenantTerms = {
  keywordsFile: 'the keyword mappings file',
  allowDelete: '"Allow deletions"',
};
const emptyRemote = () => ({
  clients: [],
  resourceServers: [],
  grants: [],
  hooks: [],
  secrets: new Map<string, string[]>(),
});

/** Every file under `dir`, as fflate zips it: path → bytes, below `prefix`. */
function zipOf(dir: string, prefix = '', extra: Zippable = {}): Uint8Array {
  const files: Zippable = { ...extra };
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile())
      files[`${prefix}${rel.split(path.sep).join('/')}`] = fs.readFileSync(file);
  }
  return zipSync(files);
}

const read = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
const names = (items: { data: Record<string, unknown> }[] | null) => items?.map((i) => i.data.name);

describe('a zipped directory export', () => {
  it.each([
    ['the export folder itself (one top folder)', 'my-tenant/'],
    ['its contents', ''],
  ])('reads %s: all four types, hook code from the side files', (_, prefix) => {
    const zip = zipOf(path.join(FIXTURES, 'auth0-directory'), prefix, {
      '__MACOSX/._clients': strToU8('junk'),
      [`${prefix}.DS_Store`]: strToU8('junk'),
    });
    const files = unzipExport(zip, 'tenant.zip');
    expect([...files.keys()].sort()).toContain('clients/Billing Worker.json');
    const assets = parseTenant(fileMap(files), { keywords: {}, terms, name: 'tenant.zip' });
    expect(assets.format).toBe('directory');
    expect(names(assets.clients)).toEqual(['Billing Worker', 'Reporting Job']);
    expect(assets.resourceServers?.map((i) => i.data.identifier)).toEqual([
      'https://billing.example.test/',
      'https://reports.example.test/',
    ]);
    expect(assets.clientGrants?.map((i) => i.origin)).toEqual([
      'grants/Billing Worker-Auth0 Management API.json',
      'grants/Billing Worker-Billing API.json',
      'grants/Reporting Job-Billing API.json',
      'grants/Reporting Job-Reports API.json',
    ]);
    const hook = assets.hooks?.find((h) => h.data.name === 'add-tier-claim');
    expect(hook).toMatchObject({
      origin: 'hooks/add-tier-claim.json',
      scriptFile: 'hooks/add-tier-claim.js',
      data: {
        script: read('auth0-directory/hooks/add-tier-claim.js'),
        enabled: true,
        secrets: { TIER_API_KEY: '_VALUE_NOT_SHOWN_' },
      },
    });
  });

  it('plans the whole fixture as creates when the server is empty (the console signs in as no application)', () => {
    const files = unzipExport(zipOf(path.join(FIXTURES, 'auth0-directory')), 'tenant.zip');
    const plan = makePlan(
      parseTenant(fileMap(files), { keywords: {}, terms, name: 'tenant.zip' }),
      emptyRemote(),
      { allowDelete: false, terms },
    );
    expect(summary(plan)).toBe('9 to create, 0 to update, 0 to delete, 0 unchanged');
    expect(plan.generatedSecrets).toEqual(['Billing Worker', 'Reporting Job']);
    expect(plan.missingSecrets).toEqual([
      {
        hook: 'add-tier-claim',
        triggerId: 'credentials-exchange',
        script: 'hooks/add-tier-claim.js',
        names: ['TIER_API_KEY'],
      },
    ]);
  });

  it('names the console\'s control in the "kept" note', () => {
    const files = new Map([['clients/A.json', JSON.stringify({ name: 'A' })]]);
    const remote = { ...emptyRemote(), clients: [{ client_id: 'b-id', name: 'B' } as Client] };
    const plan = makePlan(
      parseTenant(fileMap(files), { keywords: {}, terms, name: 'x.zip' }),
      remote,
      { allowDelete: false, terms },
    );
    expect(plan.steps.map((s) => [s.action, s.label, s.notes])).toEqual([
      ['create', 'A', ['a new client secret is generated']],
      ['kept', 'B', ['not in the export; "Allow deletions" deletes it']],
    ]);
  });

  it('replaces keywords from a mappings file, and names the file when one is missing', () => {
    const files = fileMap(unzipExport(zipOf(path.join(FIXTURES, 'keywords')), 'kw.zip'));
    const keywords = parseKeywords(read('keywords/keywords.yaml'), 'keywords.yaml');
    const assets = parseTenant(files, { keywords, terms, name: 'kw.zip' });
    expect(assets.resourceServers?.[0]?.data).toMatchObject({
      identifier: 'https://staging.billing.example.test/',
      token_lifetime: 3600,
    });
    expect(assets.clientGrants?.[0]?.data.scope).toEqual(['read:invoices', 'write:invoices']);
    const { ENV: _env, ...partial } = keywords;
    expect(() => parseTenant(files, { keywords: partial, terms, name: 'kw.zip' })).toThrow(
      'clients/Billing Worker.json: unknown keyword ENV: add it to the keyword mappings file',
    );
    expect(
      parseKeywords(
        JSON.stringify({ AUTH0_KEYWORD_REPLACE_MAPPINGS: { ENV: 'prod' } }),
        'config.json',
      ),
    ).toEqual({ ENV: 'prod' });
    expect(() => parseKeywords('[1, 2]', 'k.json')).toThrow(
      'k.json: the keywords file must hold an object of KEY: value',
    );
  });

  it('refuses what is not an export', () => {
    expect(() => unzipExport(strToU8('not a zip'), 'notes.zip')).toThrow(
      /^notes\.zip: not a zip file/,
    );
    const other = unzipExport(zipSync({ 'docs/readme.json': strToU8('{}') }), 'other.zip');
    expect(() => parseTenant(fileMap(other), { keywords: {}, terms, name: 'other.zip' })).toThrow(
      'other.zip holds neither a tenant.yaml nor any of the folders clients/, resource-servers/, grants/, hooks/',
    );
  });
});

describe('a tenant.yaml', () => {
  it('zipped with its hooks folder: script side files are read', () => {
    const files = unzipExport(zipOf(path.join(FIXTURES, 'auth0-yaml'), 'export/'), 'yaml.zip');
    const assets = parseTenant(fileMap(files), { keywords: {}, terms, name: 'yaml.zip' });
    expect(assets.format).toBe('yaml');
    expect(names(assets.clients)).toEqual(['Inventory Sync']);
    expect(assets.hooks?.[0]).toMatchObject({
      origin: 'tenant.yaml hooks[0] (Add Tier Claim)',
      scriptFile: 'hooks/Add Tier Claim.js',
      data: { script: read('auth0-yaml/hooks/Add Tier Claim.js') },
    });
  });

  it('alone, under any name: inline scripts work, a side file it names is missing', () => {
    const inline =
      'hooks:\n  - name: inline\n    triggerId: credentials-exchange\n    script: |\n      module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };\n';
    const assets = parseTenant(fileMap(new Map([['staging.yaml', inline]])), {
      keywords: {},
      terms,
      name: 'staging.yaml',
      entry: 'staging.yaml',
    });
    expect(assets).toMatchObject({
      format: 'yaml',
      clients: null,
      resourceServers: null,
      clientGrants: null,
    });
    expect(assets.hooks?.[0]?.data.script).toContain('module.exports');

    const alone = new Map([['tenant.yaml', read('auth0-yaml/tenant.yaml')]]);
    expect(() =>
      parseTenant(fileMap(alone), {
        keywords: {},
        terms,
        name: 'tenant.yaml',
        entry: 'tenant.yaml',
      }),
    ).toThrow(
      'tenant.yaml hooks[0] (Add Tier Claim): script file hooks/Add Tier Claim.js not found',
    );
  });

  it('a script outside the export is refused', () => {
    const doc =
      'hooks:\n  - name: escape\n    triggerId: credentials-exchange\n    script: ../secret.js\n';
    expect(() =>
      parseTenant(fileMap(new Map([['tenant.yaml', doc]])), { keywords: {}, terms, name: 't' }),
    ).toThrow('tenant.yaml hooks[0] (escape): script ../secret.js is outside the export folder');
  });
});

describe('resolveInside', () => {
  it.each([
    ['hooks', './a.js', 'hooks/a.js'],
    ['hooks', 'a.js', 'hooks/a.js'],
    ['hooks', '../lib/a.js', 'lib/a.js'],
    ['', './hooks/Add Tier Claim.js', 'hooks/Add Tier Claim.js'],
    ['hooks', 'sub/./b/../a.js', 'hooks/sub/a.js'],
    ['hooks', '../../a.js', undefined],
    ['', '/etc/passwd', undefined],
    ['', 'C:\\hooks\\a.js', undefined],
  ])('%s + %s → %s', (base, rel, expected) => {
    expect(resolveInside(base, rel)).toBe(expected);
  });
});
