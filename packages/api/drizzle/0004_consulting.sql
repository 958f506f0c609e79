CREATE TABLE "consulting_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"body" text,
	"outcome" text,
	"partner" text,
	"assignee_id" uuid
);
--> statement-breakpoint
CREATE TABLE "consulting_reference_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consulting_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"source" text NOT NULL,
	"api_key_id" uuid,
	"created_by" uuid,
	"requester_name" text,
	"requester_email" text,
	"organisation_name" text,
	"organisation_id" uuid,
	"country" text NOT NULL,
	"language" text NOT NULL,
	"topic" text NOT NULL,
	"message" text,
	"consent_text_version" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"partner" text NOT NULL,
	"assignee_id" uuid,
	"outcome" text,
	"first_response_due_on" date NOT NULL,
	"first_responded_at" timestamp with time zone,
	"content_hash" text,
	"idempotency_key" text,
	"anonymised_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consulting_requests_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"request_id" uuid,
	"recipient" text NOT NULL,
	"language" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consulting_events" ADD CONSTRAINT "consulting_events_request_id_consulting_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consulting_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_events" ADD CONSTRAINT "consulting_events_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_requests" ADD CONSTRAINT "consulting_requests_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_requests" ADD CONSTRAINT "consulting_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_requests" ADD CONSTRAINT "consulting_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_requests" ADD CONSTRAINT "consulting_requests_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_request_id_consulting_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consulting_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consulting_events_request_idx" ON "consulting_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "consulting_requests_created_idx" ON "consulting_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "consulting_requests_status_idx" ON "consulting_requests" USING btree ("status");--> statement-breakpoint
CREATE INDEX "consulting_requests_partner_idx" ON "consulting_requests" USING btree ("partner","status");--> statement-breakpoint
CREATE INDEX "consulting_requests_assignee_idx" ON "consulting_requests" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "consulting_requests_email_idx" ON "consulting_requests" USING btree ("requester_email");--> statement-breakpoint
CREATE INDEX "consulting_requests_hash_idx" ON "consulting_requests" USING btree ("content_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "consulting_requests_idempotency_unique" ON "consulting_requests" USING btree ("api_key_id","idempotency_key") WHERE "consulting_requests"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "outbox_messages" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "outbox_request_idx" ON "outbox_messages" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "outbox_recipient_idx" ON "outbox_messages" USING btree ("recipient");