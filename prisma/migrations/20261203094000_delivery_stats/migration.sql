-- AlterTable
ALTER TABLE "DeliveryLog" ADD COLUMN     "peerDomainId" INTEGER;

-- CreateTable
CREATE TABLE "DeliveryStat" (
    "metric" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "domainId" INTEGER NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DeliveryStat_pkey" PRIMARY KEY ("metric","day","domainId","key")
);

-- CreateIndex
CREATE INDEX "DeliveryLog_peerDomainId_createdAt_idx" ON "DeliveryLog"("peerDomainId", "createdAt");

-- CreateIndex
CREATE INDEX "DeliveryLog_status_createdAt_idx" ON "DeliveryLog"("status", "createdAt");

-- CreateIndex
CREATE INDEX "DeliveryLog_domainId_status_createdAt_idx" ON "DeliveryLog"("domainId", "status", "createdAt");

-- Rows written before logDeliveries named their domains: the recipient's domain for
-- inbound mail, the sender's for outbound, and the other end when it is hosted too.
UPDATE "DeliveryLog" d SET "domainId" = dom.id FROM "Domain" dom
WHERE d."domainId" IS NULL
  AND dom.name = lower(split_part(CASE WHEN d.direction = 'INBOUND' THEN d."rcptTo" ELSE d."mailFrom" END, '@', 2));
UPDATE "DeliveryLog" d SET "peerDomainId" = dom.id FROM "Domain" dom
WHERE d."peerDomainId" IS NULL
  AND dom.name = lower(split_part(CASE WHEN d.direction = 'INBOUND' THEN d."mailFrom" ELSE d."rcptTo" END, '@', 2))
  AND dom.id IS DISTINCT FROM d."domainId";

-- What one DeliveryLog row adds to the dashboard's counters (DeliveryStat): its
-- direction.status; for a refusal its reply (long numbers folded, so "limit of
-- 26214400 bytes" stays one reason); for accepted mail its sender and recipient.
-- Accepted mail is an inbound row that reached a mailbox or a forward, or an
-- outbound row when it was taken in (queued, or delivered locally at once): the
-- worker's later "delivered" rows of the same recipient do not count it twice.
CREATE FUNCTION "deliveryStatKeys"(direction text, status text, "mailFrom" text, "rcptTo" text, "remoteHost" text, "remoteResponse" text)
RETURNS TABLE (metric text, key text)
LANGUAGE sql IMMUTABLE AS $$
  WITH row AS (
    SELECT (direction = 'INBOUND' AND status IN ('accepted', 'forwarded'))
        OR (direction = 'OUTBOUND' AND (status = 'queued' OR (status = 'delivered' AND "remoteHost" = 'local'))) AS taken_in)
  SELECT lower(direction) || '.' || status, ''
  UNION ALL
  SELECT 'refusal', left(regexp_replace("remoteResponse", '[0-9]{4,}', '…', 'g'), 200)
  WHERE direction = 'INBOUND' AND status IN ('rejected', 'deferred')
  UNION ALL
  SELECT 'sender', lower("mailFrom") FROM row WHERE taken_in AND "mailFrom" <> ''
  UNION ALL
  SELECT 'recipient', lower("rcptTo") FROM row WHERE taken_in AND "rcptTo" <> ''
$$;

-- One upsert per INSERT statement, whatever wrote it (logDeliveries, a bulk load):
-- the counters commit or roll back with the rows. Keys are taken in one order so
-- two concurrent deliveries cannot deadlock on them.
CREATE FUNCTION "deliveryStatAdd"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DeliveryStat" AS s (metric, day, "domainId", key, count)
  SELECT k.metric, n."createdAt"::date, coalesce(n."domainId", 0), k.key, count(*)::int
  FROM new_rows n CROSS JOIN LATERAL "deliveryStatKeys"(n.direction::text, n.status, n."mailFrom", n."rcptTo", n."remoteHost", n."remoteResponse") k
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (metric, day, "domainId", key) DO UPDATE SET count = s.count + excluded.count;
  RETURN NULL;
END $$;

CREATE TRIGGER "DeliveryLog_stats" AFTER INSERT ON "DeliveryLog"
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "deliveryStatAdd"();

-- The counters of the rows already there.
INSERT INTO "DeliveryStat" (metric, day, "domainId", key, count)
SELECT k.metric, d."createdAt"::date, coalesce(d."domainId", 0), k.key, count(*)::int
FROM "DeliveryLog" d CROSS JOIN LATERAL "deliveryStatKeys"(d.direction::text, d.status, d."mailFrom", d."rcptTo", d."remoteHost", d."remoteResponse") k
GROUP BY 1, 2, 3, 4;
