-- Automatic certificates (ACME, docs/tls.md): one row per set of names, its
-- current certificate (private key encrypted like DKIM keys) and the state of
-- its renewal; the ACME account per CA; and the HTTP-01 challenges any web
-- process answers.
CREATE TABLE "TlsCertificate" (
    "id" SERIAL NOT NULL,
    "nameSet" TEXT NOT NULL,
    "names" TEXT[],
    "certPem" TEXT,
    "keyEncrypted" TEXT,
    "serial" TEXT,
    "issuer" TEXT,
    "notBefore" TIMESTAMP(3),
    "notAfter" TIMESTAMP(3),
    "renewedAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "renewRequestedAt" TIMESTAMP(3),
    "lastAlertAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TlsCertificate_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "TlsCertificate_nameSet_key" ON "TlsCertificate"("nameSet");

CREATE TABLE "AcmeAccount" (
    "directoryUrl" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "keyEncrypted" TEXT NOT NULL,
    "accountUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AcmeAccount_pkey" PRIMARY KEY ("directoryUrl")
);

CREATE TABLE "AcmeChallenge" (
    "token" TEXT NOT NULL,
    "keyAuthorization" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AcmeChallenge_pkey" PRIMARY KEY ("token")
);
