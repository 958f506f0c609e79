ALTER TABLE "outbox_messages" DROP CONSTRAINT "outbox_messages_request_id_consulting_requests_id_fk";
--> statement-breakpoint
DROP INDEX "outbox_request_idx";--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "source_type" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "source_id" uuid;--> statement-breakpoint
-- Messages written before the generic reference keep what they were about.
UPDATE "outbox_messages" SET "source_type" = 'consulting_request', "source_id" = "request_id" WHERE "request_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_source_idx" ON "outbox_messages" USING btree ("source_type","source_id");--> statement-breakpoint
ALTER TABLE "outbox_messages" DROP COLUMN "request_id";
