-- A cluster offers its description and its sectors: stored and indexed like an organisation's
-- terms, so that the candidate search need not compute them for every cluster.
ALTER TABLE "clusters" ADD COLUMN "match_offer_terms" text[] GENERATED ALWAYS AS (eur_match_offer_terms('{}'::jsonb, description, sectors)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "clusters_match_offer_terms_idx" ON "clusters" USING gin ("match_offer_terms") WHERE deleted_at IS NULL;
