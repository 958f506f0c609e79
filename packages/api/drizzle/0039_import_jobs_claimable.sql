CREATE TABLE "import_inputs" (
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "import_inputs_import_id_seq_pk" PRIMARY KEY("import_id","seq")
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "column_map" jsonb;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "caller" jsonb;--> statement-breakpoint
ALTER TABLE "import_inputs" ADD CONSTRAINT "import_inputs_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_claimable_idx" ON "imports" USING btree ("queued_at") WHERE "imports"."finished_at" IS NULL AND "imports"."queued_at" IS NOT NULL;