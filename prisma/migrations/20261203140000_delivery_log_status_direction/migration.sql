-- The message trace filtered by result and direction (e.g. inbound and "bounced", which may match nothing):
-- walked in the index's createdAt order and stopped at the page or the count cap, instead of reading every row of that result.
CREATE INDEX "DeliveryLog_status_direction_createdAt_idx" ON "DeliveryLog"("status", "direction", "createdAt");
