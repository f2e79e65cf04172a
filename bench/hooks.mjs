// The hooks the benches run (token-bench.mjs through the server, sandbox-bench.ts in one sandbox).

export const SEED_HOOK = `module.exports = function(client, scope, audience, context, cb) {
  var access_token = {};
  access_token['https://foo.com/claim'] = 'bar';
  access_token.scope = scope;
  access_token.scope.push('extra');
  cb(null, access_token);
};`;

/** The seed hook, but the client `hostile` makes it loop until its deadline. */
export const LOOPING_HOOK = (hostile) =>
  SEED_HOOK.replace('cb) {', `cb) {\n  if (client.id === ${JSON.stringify(hostile)}) for (;;) {}`);

/** One outbound call per run; the stand-in's answer becomes the claim. */
export const FETCH_HOOK = (
  url,
) => `module.exports = async function(client, scope, audience, context, cb) {
  var res = await fetch(${JSON.stringify(url)});
  var body = await res.json();
  var access_token = { 'https://foo.com/claim': body.claim, scope: scope.concat('extra') };
  cb(null, access_token);
};`;
