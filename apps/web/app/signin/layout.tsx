import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/client-messages.tsx';

/** The sign-in pages' client components get the sign-in strings (and the two-factor enrolment's), not the whole app's. */
export default function SignInLayout({ children }: { children: ReactNode }) {
  return <ClientMessages area="signin">{children}</ClientMessages>;
}
