// The hooks the benches run (token-bench.mjs through the server, sandbox-bench.ts in one sandbox).
// Both run under tsx (npm run bench), so the seed hook is the console's own sample.
import { credentialsExchangeSample } from '../src/shared/hook-points';

/** The seed example of Auth0's guide, as the console offers it. */
export const SEED_HOOK = credentialsExchangeSample;

/** The seed hook, but the client `hostile` makes it loop until its deadline. */
export const LOOPING_HOOK = (hostile: string) =>
  SEED_HOOK.replace('cb) {', `cb) {\n  if (client.id === ${JSON.stringify(hostile)}) for (;;) {}`);

/** One outbound call per run; the stand-in's answer becomes the claim. */
export const FETCH_HOOK = (
  url: string,
) => `module.exports = async function(client, scope, audience, context, cb) {
  var res = await fetch(${JSON.stringify(url)});
  var body = await res.json();
  var access_token = { 'https://foo.com/claim': body.claim, scope: scope.concat('extra') };
  cb(null, access_token);
};`;
