ALTER TABLE "clusters" ADD COLUMN "latitude" numeric(7, 5);--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "longitude" numeric(8, 5);--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "latitude" numeric(7, 5);--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "longitude" numeric(8, 5);--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_coordinates_check" CHECK (("clusters"."latitude" IS NULL) = ("clusters"."longitude" IS NULL) AND "clusters"."latitude" BETWEEN -90 AND 90 AND "clusters"."longitude" BETWEEN -180 AND 180);--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_coordinates_check" CHECK (("organisations"."latitude" IS NULL) = ("organisations"."longitude" IS NULL) AND "organisations"."latitude" BETWEEN -90 AND 90 AND "organisations"."longitude" BETWEEN -180 AND 180);