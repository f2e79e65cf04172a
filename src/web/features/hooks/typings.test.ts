import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { actionsApi, actionsEvent } from '@/shared/hook-contract-actions';
import {
  fieldPaths,
  hookErrorClassNames,
  hookParams,
  type ContractField,
} from '@/shared/hook-contract';
import { hookTypings } from './typings';

/** TypeScript's errors for `code` checked against the editor's typings, as Monaco would see it. */
function diagnostics(typings: string, code: string): string[] {
  const files: Record<string, string> = { '/typings.d.ts': typings, '/hook.ts': code };
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  host.getSourceFile = (name, version) =>
    name in files ? ts.createSourceFile(name, files[name]!, version) : getSourceFile(name, version);
  const program = ts.createProgram(['/typings.d.ts', '/hook.ts'], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** A statement reading every declared path (`client.metadata`, …) under its root. */
function readsAll(spec: Record<string, ContractField>, root = ''): string {
  return `void [${fieldPaths(spec)
    .map((p) => root + p)
    .join(', ')}];`;
}

describe('hookTypings: rendered from the hook contract', () => {
  it('declares every documented Hook argument field and every error class', () => {
    const code = `module.exports = function (client, scope, audience, context, cb) {
      ${readsAll(hookParams)}
      ${hookErrorClassNames.map((name) => `cb(new ${name}('m'));`).join('\n')}
      cb(null, { scope: scope.concat(['x']), 'https://example.com/c': client.metadata.plan });
    };`;
    expect(diagnostics(hookTypings('credentials-exchange', 'hook'), code)).toEqual([]);
  });

  it("hides the context fields that exist only for Actions' event", () => {
    const internal = fieldPaths(hookParams.context.fields, { internal: true }).filter(
      (p) => !fieldPaths(hookParams.context.fields).includes(p) && !p.includes('.'),
    );
    expect(internal).toEqual(['request', 'requestedScopes', 'grant']);
    const code = `module.exports = function (client, scope, audience, context, cb) {
      ${internal.map((p) => `void context.${p};`).join('\n')}
    };`;
    expect(diagnostics(hookTypings('credentials-exchange', 'hook'), code)).toEqual(
      internal.map((p) => `Property '${p}' does not exist on type 'HookContext'.`),
    );
  });

  it("declares every field of Actions' event and api", () => {
    const calls = `
      api.access.deny('invalid_scope', 'no').accessToken.setCustomClaim('tier', event.client.name);
      api.transaction.addTargetScope('a').transaction.removeTargetScope('b');
      api.transaction.setTargetScopes([]).transaction.clearTargetScopes();
      const hit: string | undefined = api.cache.get('k')?.value;
      api.cache.set('k', 'v', { ttl: 1000 }).type === 'success' && api.cache.delete('k');`;
    const code = `exports.onExecuteCredentialsExchange = async (event, api) => {
      ${readsAll(actionsEvent, 'event.')}
      ${readsAll(actionsApi, 'api.')}
      ${calls}
      void hit;
    };`;
    expect(diagnostics(hookTypings('credentials-exchange', 'actions'), code)).toEqual([]);
  });

  it('rejects what the contract does not declare', () => {
    const code = `exports.onExecuteCredentialsExchange = async (event, api) => {
      void event.user;
      api.access.deny('access_denied', 'no');
    };`;
    expect(diagnostics(hookTypings('credentials-exchange', 'actions'), code)).toEqual([
      "Property 'user' does not exist on type 'Event'.",
      `Argument of type '"access_denied"' is not assignable to parameter of type '"invalid_scope" | "invalid_request" | "server_error"'.`,
    ]);
  });
});
