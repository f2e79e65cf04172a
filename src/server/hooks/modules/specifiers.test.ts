import { describe, expect, it } from 'vitest';
import { scanRequires } from '@/shared/hook-modules';
import { hookModules, parseSpecifier, rootOf } from './specifiers';

describe('scanRequires', () => {
  it('finds require calls with a string literal, and nothing in comments, strings, templates or regexes', () => {
    const source = `
      const request = require('request@2.88.2');
      const axios = require("axios");
      const { createHmac } = require ( 'crypto' );
      // const old = require('commented-out');
      /* require('block-commented') */
      const text = "require('in-a-string')";
      const tpl = \`require('in-a-template') \${ require('lodash@4.17.21') }\`;
      const re = /require\\('in-a-regex'\\)/;
      const ratio = a / b / require('after-division');
      obj.require('method-call');
      require(variable);
      const scoped = require('@aws-sdk/client-s3@3.600.0/dist-cjs/index.js');
    `;
    expect(scanRequires(source)).toEqual([
      'request@2.88.2',
      'axios',
      'crypto',
      'lodash@4.17.21',
      'after-division',
      '@aws-sdk/client-s3@3.600.0/dist-cjs/index.js',
    ]);
  });
});

describe('parseSpecifier', () => {
  it.each([
    ['crypto', { kind: 'builtin', name: 'crypto' }],
    ['node:crypto', { kind: 'builtin', name: 'crypto' }],
    ['./lib/x', { kind: 'relative' }],
    ['axios', { kind: 'package', name: 'axios', version: undefined, subpath: undefined }],
    ['request@2.88.2', { kind: 'package', name: 'request', version: '2.88.2', subpath: undefined }],
    ['lodash/merge', { kind: 'package', name: 'lodash', version: undefined, subpath: 'merge' }],
    [
      '@scope/pkg@^1.2.0/sub/path.js',
      { kind: 'package', name: '@scope/pkg', version: '^1.2.0', subpath: 'sub/path.js' },
    ],
    ['Not A Name', { kind: 'invalid' }],
  ])('%s', (specifier, expected) => {
    expect(parseSpecifier(specifier)).toMatchObject({ specifier, ...expected });
  });

  it('gives the lock root of a specifier', () => {
    expect(rootOf('request@2.88.2/lib/x')).toEqual({ root: 'request@2.88.2', subpath: 'lib/x' });
    expect(rootOf('axios')).toEqual({ root: 'axios', subpath: undefined });
    expect(rootOf('crypto')).toBeUndefined();
  });
});

describe('hookModules', () => {
  it('collects dependencies, versioned requires, built-ins and packages required without a version', () => {
    const script = `
      const axios = require('axios');
      const request = require('request@2.88.2');
      const merge = require('lodash.merge');
      const crypto = require('crypto');
      const util = require('node:util');
    `;
    expect(hookModules({ axios: '1.7.9' }, script)).toEqual({
      requests: [
        { root: 'axios', name: 'axios', range: '1.7.9' },
        { root: 'request@2.88.2', name: 'request', range: '2.88.2' },
      ],
      builtins: ['crypto', 'util'],
      missing: ['lodash.merge'],
    });
  });

  it.each([
    [{ 'Bad Name': '1.0.0' }, '', 'dependencies: "Bad Name" is not a valid npm package name'],
    [
      { axios: 'git+https://example.com/axios.git' },
      '',
      'dependencies.axios: "git+https://example.com/axios.git" is not a version, a semver range or a tag of axios',
    ],
    [{}, "require('axios@file:../x')", "require('axios@file:../x'): \"file:.."],
  ])('refuses %j %s', (dependencies, script, message) => {
    expect(() => hookModules(dependencies, script)).toThrow(message);
  });
});
