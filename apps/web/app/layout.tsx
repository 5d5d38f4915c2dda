import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { HydrationMarker } from '@/components/hydration.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Kontor', template: '%s · Kontor' },
  description: 'Kontor mail administration',
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <HydrationMarker />
      </body>
    </html>
  );
}
