DROP INDEX "public_documents_pending_idx";--> statement-breakpoint
CREATE INDEX "public_documents_unbuilt_idx" ON "public_documents" USING btree ("kind","record_id") WHERE "public_documents"."item" IS NULL;--> statement-breakpoint
CREATE INDEX "public_documents_brand_due_idx" ON "public_documents" USING btree ("kind","brand","brand_until") WHERE "public_documents"."brand_until" IS NOT NULL;