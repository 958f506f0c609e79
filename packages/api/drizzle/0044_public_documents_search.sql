ALTER TABLE "public_documents" ADD COLUMN "search" "tsvector";--> statement-breakpoint
CREATE INDEX "public_documents_search_de_idx" ON "public_documents" USING gin ("search") WHERE "public_documents"."kind" = 'cluster' AND "public_documents"."lang" = 'de';--> statement-breakpoint
CREATE INDEX "public_documents_search_pl_idx" ON "public_documents" USING gin ("search") WHERE "public_documents"."kind" = 'cluster' AND "public_documents"."lang" = 'pl';--> statement-breakpoint
CREATE INDEX "public_documents_search_en_idx" ON "public_documents" USING gin ("search") WHERE "public_documents"."kind" = 'cluster' AND "public_documents"."lang" = 'en';--> statement-breakpoint
-- Built documents show their cluster as it is now (a changed cluster empties its rows), so they
-- take its search vector as it is now; waiting rows get theirs when they are built.
UPDATE "public_documents" d SET "search" = c."search" FROM "clusters" c WHERE d."kind" = 'cluster' AND c."id" = d."record_id";
