-- The brand is no longer a field of a cluster that an editor or an import could set: it is read
-- from the cluster's awards on the day asked (the former flags became awards in 0024).
ALTER TABLE "clusters" DROP COLUMN "brand";--> statement-breakpoint
-- The usage guidelines of the brand are a publication that a criteria version links to.
ALTER TABLE "brand_criteria" ADD COLUMN "guidelines_publication_id" uuid;--> statement-breakpoint
-- Whether a cluster holds the joint brand on a day: an award that is active (neither suspended nor
-- revoked) and has not run out. The SQL form of the shared `brandValidity`, in one place for the
-- clusters, the public directory and its facets; the day is the application's, not the server's.
CREATE FUNCTION eur_holds_brand(cluster uuid, on_day date) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (
    SELECT 1 FROM brand_awards a
     WHERE a.cluster_id = cluster AND a.state = 'active' AND a.valid_until >= on_day)
$$;
