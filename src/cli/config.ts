/**
 * Profiles and the management-token cache, kept in the user's config folder:
 * `$TOKENHOOK_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tokenhook`, else `~/.config/tokenhook`.
 * The folder is 0700 and every file 0600: profiles hold client secrets, the cache holds tokens.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './errors';

/** Which Management API application a profile signs in as. */
export const profileSchema = z.object({
  url: z.string(),
  client_id: z.string(),
  client_secret: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

const profilesFileSchema = z.object({ profiles: z.record(z.string(), profileSchema) });
type ProfilesFile = z.infer<typeof profilesFileSchema>;

const cachedTokenSchema = z.object({ access_token: z.string(), expires_at: z.number() });
type CachedToken = z.infer<typeof cachedTokenSchema>;
const tokenCacheSchema = z.record(z.string(), cachedTokenSchema);

export const DEFAULT_PROFILE = 'default';
export const profileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'letters, digits, ".", "_" and "-", at most 64');

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TOKENHOOK_CONFIG_DIR) return path.resolve(env.TOKENHOOK_CONFIG_DIR);
  const base =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(os.homedir(), '.config');
  return path.join(base, 'tokenhook');
}

export const profilesPath = () => path.join(configDir(), 'profiles.json');
const tokenCachePath = () => path.join(configDir(), 'token-cache.json');

/** Reads a JSON file of ours; a missing file is `fallback`, a damaged one an error naming it. */
function readJson<T>(file: string, schema: z.ZodType<T>, fallback: T): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw new CliError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return schema.parse(JSON.parse(text));
  } catch {
    throw new CliError(`${file} is damaged: fix or delete it`);
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file; mode 0600. */
function writePrivateJson(file: string, value: unknown) {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700); // mkdir's mode does not apply to a folder that already existed
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function readProfiles(): ProfilesFile {
  return readJson(profilesPath(), profilesFileSchema, { profiles: {} });
}

export function saveProfile(name: string, profile: Profile): string {
  const file = readProfiles();
  file.profiles[name] = profile;
  writePrivateJson(profilesPath(), file);
  return profilesPath();
}

/** A profile with the environment applied: what a command signs in with. */
export interface ResolvedProfile extends Profile {
  name: string;
}

/**
 * `-p` wins over `TOKENHOOK_PROFILE`, which wins over `default`. `TOKENHOOK_URL`,
 * `TOKENHOOK_CLIENT_ID` and `TOKENHOOK_CLIENT_SECRET` override the profile's values; with all
 * three set no profile file is needed (CI).
 */
export function resolveProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedProfile {
  const name = flag ?? (env.TOKENHOOK_PROFILE || DEFAULT_PROFILE);
  const stored: Partial<Profile> = readProfiles().profiles[name] ?? {};
  const url = env.TOKENHOOK_URL || stored.url;
  const clientId = env.TOKENHOOK_CLIENT_ID || stored.client_id;
  const clientSecret = env.TOKENHOOK_CLIENT_SECRET || stored.client_secret;
  if (!url || !clientId || !clientSecret) {
    throw new CliError(
      `No profile ${name}: run tokenhook init -p ${name} --url URL --client-id ID --client-secret SECRET ` +
        '(or set TOKENHOOK_URL, TOKENHOOK_CLIENT_ID and TOKENHOOK_CLIENT_SECRET)',
    );
  }
  return {
    name,
    url: normalizeUrl(url, env.TOKENHOOK_URL ? 'TOKENHOOK_URL' : `profile ${name}`),
    client_id: clientId,
    client_secret: clientSecret,
  };
}

/** `http(s)://host[:port][/path]` without a trailing slash. */
export function normalizeUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`Invalid URL in ${what}: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(`Invalid URL in ${what}: use http:// or https://`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * Cached management tokens, keyed by a hash of URL, client id and secret: a changed profile or
 * environment never reuses a token obtained with other credentials.
 */
export const tokenCache = {
  key(profile: Profile): string {
    return createHash('sha256')
      .update(`${profile.url}\n${profile.client_id}\n${profile.client_secret}`)
      .digest('hex')
      .slice(0, 32);
  },
  get(profile: Profile): CachedToken | undefined {
    try {
      return readJson(tokenCachePath(), tokenCacheSchema, {})[this.key(profile)];
    } catch {
      return undefined; // a damaged cache is only a cache
    }
  },
  set(profile: Profile, token: CachedToken | undefined) {
    const now = Date.now();
    let cache: Record<string, CachedToken>;
    try {
      cache = readJson(tokenCachePath(), tokenCacheSchema, {});
    } catch {
      cache = {};
    }
    const kept = Object.fromEntries(Object.entries(cache).filter(([, t]) => t.expires_at > now));
    const key = this.key(profile);
    if (token) kept[key] = token;
    else delete kept[key];
    writePrivateJson(tokenCachePath(), kept);
  },
};
