import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Card, CardBody } from '@/components/ui.tsx';
import { senderSetup } from '@/lib/webmail/compose/identities.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { SignatureEditor } from './_components/signature-editor.tsx';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmailCompose.signatures');
  return { title: t('title') };
}

/** A signature per From address: the mailbox's own and each alias it may send as. */
export default async function SignaturesPage() {
  const user = await requireMailUser();
  const t = await getTranslations('webmailCompose.signatures');
  const { identities, signatures } = await senderSetup(user);
  return (
    <Card title={t('title')} description={t('description')}>
      <CardBody className="space-y-8">
        {identities.map((identity) => (
          <section key={identity.address} aria-label={t('forIdentity', { address: identity.address })}>
            <h3 className="mb-2 text-sm font-semibold text-slate-800">{t('forIdentity', { address: identity.address })}</h3>
            <SignatureEditor identity={identity.address} html={signatures.find((s) => s.identity === identity.address.toLowerCase())?.html ?? ''} />
          </section>
        ))}
      </CardBody>
    </Card>
  );
}
