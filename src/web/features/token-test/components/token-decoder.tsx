import { useId, useMemo, useState } from 'react';
import { ShieldQuestion } from 'lucide-react';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { Field } from '@/web/components/ui/field';
import { FormAlert } from '@/web/components/ui/form-alert';
import { Input } from '@/web/components/ui/input';
import { Segmented } from '@/web/components/ui/segmented';
import { Textarea } from '@/web/components/ui/textarea';
import { errorMessage } from '@/web/lib/query-client';
import { useVerifyToken, type KeySource } from '../api';
import { decodeJwt } from '../jwt';
import { parseKeyInput } from '../keys';
import { DecodedToken } from './decoded-token';

type Mode = 'server' | 'url' | 'key';

const modes: { value: Mode; label: string }[] = [
  { value: 'server', label: "This server's JWKS" },
  { value: 'url', label: 'A JWKS URL' },
  { value: 'key', label: 'A public key' },
];

/** Paste any JWT: decoded as you type, verified on request against this server's JWKS, a JWKS URL or a pasted key. */
export function TokenDecoder() {
  const [token, setToken] = useState('');
  const [mode, setMode] = useState<Mode>('server');
  const [jwksUrl, setJwksUrl] = useState('/.well-known/jwks.json');
  const [keyText, setKeyText] = useState('');
  const [keyProblem, setKeyProblem] = useState<string | null>(null);
  const legendId = useId();
  const decoded = useMemo(() => decodeJwt(token), [token]);
  const parsedKey = useMemo(() => (keyText.trim() ? parseKeyInput(keyText) : null), [keyText]);
  const verify = useVerifyToken();
  const trimmed = token.trim();
  // A verification belongs to the token and key it checked; changing either starts over.
  const verification = verify.isPending
    ? 'pending'
    : verify.data && verify.variables?.token === trimmed
      ? verify.data
      : null;
  const keySource = sourceLabel(verify.variables?.source);

  const startOver = () => {
    verify.reset();
    setKeyProblem(null);
  };
  const run = () => {
    let source: KeySource;
    if (mode === 'key') {
      const parsed = parseKeyInput(keyText);
      if (!parsed.ok) {
        setKeyProblem(parsed.problem);
        return;
      }
      source = { kind: 'key', key: parsed.key, description: parsed.description };
    } else {
      source = mode === 'url' ? { kind: 'url', url: jwksUrl } : { kind: 'server' };
    }
    setKeyProblem(null);
    verify.mutate({ token: trimmed, source });
  };

  return (
    <div className="space-y-6">
      <Card
        title="Decode a token"
        description="Nothing leaves this browser, except the request for a JWKS when you verify against one."
      >
        <Field label="Token" hint="A JWT: header.payload.signature">
          {(control) => (
            <Textarea
              {...control}
              value={token}
              onChange={(e) => {
                setToken(e.target.value);
                startOver();
              }}
              spellCheck={false}
              autoComplete="off"
              placeholder="eyJhbGciOi…"
              className="min-h-28 font-mono text-[13px] break-all"
            />
          )}
        </Field>

        <fieldset className="mt-5 space-y-3">
          <legend id={legendId} className="mb-1.5 text-[13px] font-medium">
            Verify the signature against
          </legend>
          <Segmented
            labelledBy={legendId}
            value={mode}
            onChange={(m) => {
              setMode(m);
              startOver();
            }}
            options={modes}
          />
          {mode === 'url' && (
            <Field
              label="JWKS URL"
              hint={`The browser fetches it itself. This console's Content-Security-Policy (connect-src 'self') lets it read only ${window.location.origin}; for another server's keys, open its JWKS and paste it as a public key.`}
            >
              {(control) => (
                <Input
                  {...control}
                  value={jwksUrl}
                  onChange={(e) => {
                    setJwksUrl(e.target.value);
                    startOver();
                  }}
                  spellCheck={false}
                  autoComplete="off"
                  className="font-mono text-[13px]"
                />
              )}
            </Field>
          )}
          {mode === 'key' && (
            <Field
              label="Public key"
              hint={
                parsedKey?.ok
                  ? `Read as ${parsedKey.description}.${parsedKey.warning ? ` ${parsedKey.warning}` : ''}`
                  : 'A PEM public key (-----BEGIN PUBLIC KEY-----), a JWK or a JWKS (JSON).'
              }
              error={keyProblem ?? (parsedKey && !parsedKey.ok ? parsedKey.problem : undefined)}
            >
              {(control) => (
                <Textarea
                  {...control}
                  value={keyText}
                  onChange={(e) => {
                    setKeyText(e.target.value);
                    startOver();
                  }}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
                  className="min-h-28 font-mono text-[13px] break-all"
                />
              )}
            </Field>
          )}
        </fieldset>

        <div className="mt-4 flex items-center gap-3">
          <Button
            onClick={run}
            disabled={!decoded.header || !decoded.payload}
            pending={verify.isPending}
          >
            <ShieldQuestion className="size-4" aria-hidden />
            Verify signature
          </Button>
          {(!decoded.header || !decoded.payload) && trimmed && (
            <span className="text-[13px] text-muted">
              A token whose header or payload cannot be read cannot be verified.
            </span>
          )}
        </div>
        {verify.isError && (
          <div className="mt-4">
            <FormAlert>{errorMessage(verify.error)}</FormAlert>
          </div>
        )}
      </Card>
      {trimmed && decoded.problem && (
        <FormAlert>
          <span className="font-medium">This token cannot be fully read.</span> {decoded.problem}
        </FormAlert>
      )}
      {trimmed && (decoded.header || decoded.payload) && (
        <Card title="Decoded token">
          <DecodedToken
            token={trimmed}
            decoded={decoded}
            verification={verification}
            keySource={keySource}
          />
        </Card>
      )}
    </div>
  );
}

function sourceLabel(source: KeySource | undefined): string | undefined {
  if (!source || source.kind === 'server') return undefined;
  return source.kind === 'url' ? source.url : source.description;
}
