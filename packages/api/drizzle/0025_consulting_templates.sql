CREATE TABLE "consulting_answer_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner" text NOT NULL,
	"topic" text NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consulting_request_funding_calls" (
	"request_id" uuid NOT NULL,
	"funding_call_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "consulting_request_funding_calls_request_id_funding_call_id_pk" PRIMARY KEY("request_id","funding_call_id")
);
--> statement-breakpoint
CREATE TABLE "consulting_request_matches" (
	"request_id" uuid NOT NULL,
	"match_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "consulting_request_matches_request_id_match_id_pk" PRIMARY KEY("request_id","match_id")
);
--> statement-breakpoint
ALTER TABLE "consulting_requests" ADD COLUMN "cluster_id" uuid;--> statement-breakpoint
ALTER TABLE "consulting_request_funding_calls" ADD CONSTRAINT "consulting_request_funding_calls_request_id_consulting_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consulting_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_request_funding_calls" ADD CONSTRAINT "consulting_request_funding_calls_funding_call_id_funding_calls_id_fk" FOREIGN KEY ("funding_call_id") REFERENCES "public"."funding_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_request_matches" ADD CONSTRAINT "consulting_request_matches_request_id_consulting_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consulting_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_request_matches" ADD CONSTRAINT "consulting_request_matches_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consulting_answer_templates_topic_idx" ON "consulting_answer_templates" USING btree ("topic","partner");--> statement-breakpoint
ALTER TABLE "consulting_requests" ADD CONSTRAINT "consulting_requests_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE set null ON UPDATE no action;