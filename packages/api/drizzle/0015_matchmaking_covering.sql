-- What the candidate search reads of an organisation to bound its score, in a narrow index: the
-- bounds of thousands of candidates come from an index-only scan, not from the wide rows.
CREATE INDEX "organisations_match_facts_idx" ON "organisations" USING btree ("id") INCLUDE ("country", "type", "languages", "sectors", "match_offer_terms", "match_request_terms") WHERE deleted_at IS NULL;
