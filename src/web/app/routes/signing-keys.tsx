import { Notice } from '@/web/components/ui/notice';
import { PageHeader } from '@/web/components/ui/page-header';
import { RotateKeysButton } from '@/web/features/signing-keys/components/rotate-keys-button';
import { SigningKeyList } from '@/web/features/signing-keys/components/signing-key-list';
import { useDocumentTitle } from '@/web/lib/use-document-title';

export function SigningKeysRoute() {
  useDocumentTitle('Signing keys');
  return (
    <>
      <PageHeader
        level={2}
        title="Signing keys"
        description="The keys that sign access tokens. APIs verify tokens with the public keys published at /.well-known/jwks.json."
        actions={<RotateKeysButton />}
      />
      <div className="mb-6">
        <Notice>
          The <strong className="font-semibold">current</strong> key signs new tokens. After a
          rotation the old key stays published as{' '}
          <strong className="font-semibold">previous</strong>, so tokens it signed keep verifying
          until they expire.
        </Notice>
      </div>
      <SigningKeyList />
    </>
  );
}
