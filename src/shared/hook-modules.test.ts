import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isExactVersion, modulesToAdd, NODE_BUILTINS } from './hook-modules';

describe('NODE_BUILTINS', () => {
  // Internal `_` modules are left out, and so are those Node lists only with their `node:` prefix
  // (`node:test`, `node:sqlite`): every `node:` specifier is a built-in anyway.
  it("is the top-level names of this Node's builtinModules", () => {
    const topLevel = new Set(
      builtinModules
        .filter((m) => !m.startsWith('_') && !m.startsWith('node:'))
        .map((m) => m.split('/')[0]!),
    );
    expect([...NODE_BUILTINS].sort()).toEqual([...topLevel].sort());
  });
});

describe('modulesToAdd', () => {
  it('lists the packages the code requires, once each, in order, without built-ins or relative paths', () => {
    const script = `
      const crypto = require('crypto');
      const { promisify } = require('util');
      const fs = require('node:fs');
      const fsp = require('fs/promises');
      const pad = require('left-pad');
      const merge = require('lodash/merge');
      const get = require('lodash/get');
      const local = require('./local');
      const again = require('left-pad');
      const { S3Client } = require('@aws-sdk/client-s3');
      const sub = require('@scope/name/sub/path.js');
    `;
    expect(modulesToAdd(script, {})).toEqual([
      { name: 'left-pad', version: undefined },
      { name: 'lodash', version: undefined },
      { name: '@aws-sdk/client-s3', version: undefined },
      { name: '@scope/name', version: undefined },
    ]);
  });

  it('keeps the version of require("name@version"), also for scoped packages and subpaths', () => {
    const script = `
      const request = require('request@2.88.2');
      const s3 = require('@aws-sdk/client-s3@3.600.0/dist-cjs/index.js');
      const axios = require('axios');
      const axios2 = require('axios@1.7.9');
    `;
    expect(modulesToAdd(script, {})).toEqual([
      { name: 'request', version: '2.88.2' },
      { name: '@aws-sdk/client-s3', version: '3.600.0' },
      { name: 'axios', version: '1.7.9' },
    ]);
  });

  it('leaves out what dependencies lists and what is in comments or strings', () => {
    const script = `
      const axios = require('axios@1.7.9');
      // const old = require('commented-out');
      const text = "require('in-a-string')";
      const pad = require('left-pad');
    `;
    expect(modulesToAdd(script, { axios: '1.7.9' })).toEqual([
      { name: 'left-pad', version: undefined },
    ]);
  });

  it('ignores names that are not npm package names, and a package that shares a name with a built-in only with a version', () => {
    expect(modulesToAdd("require('Not Valid'); require('.hidden'); require('')", {})).toEqual([]);
    expect(modulesToAdd("require('events@3.3.0')", {})).toEqual([
      { name: 'events', version: '3.3.0' },
    ]);
  });
});

describe('isExactVersion', () => {
  it.each(['1.7.9', '0.0.1', '2.0.0-beta.1', '1.2.3+build.5'])('accepts %s', (v) =>
    expect(isExactVersion(v)).toBe(true),
  );
  it.each(['^1.7.9', '1.7', 'latest', '01.2.3', '1.2.3 ', '>=1.0.0', ''])('refuses %s', (v) =>
    expect(isExactVersion(v)).toBe(false),
  );
});
