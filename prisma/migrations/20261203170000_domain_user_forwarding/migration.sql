-- What a domain's mailbox users may set as forwarding in webmail's self-service:
-- 'any' (default), 'internal' (only addresses of the same domain) or 'off'.
ALTER TABLE "Domain" ADD COLUMN "userForwarding" TEXT NOT NULL DEFAULT 'any';
ALTER TABLE "Domain" ADD CONSTRAINT "Domain_userForwarding_check" CHECK ("userForwarding" IN ('any', 'internal', 'off'));
