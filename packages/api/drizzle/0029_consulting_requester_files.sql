CREATE TABLE "consulting_requester_files" (
	"file_id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consulting_events" ADD COLUMN "files" jsonb;--> statement-breakpoint
ALTER TABLE "consulting_requester_files" ADD CONSTRAINT "consulting_requester_files_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consulting_requester_files" ADD CONSTRAINT "consulting_requester_files_request_id_consulting_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consulting_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consulting_requester_files_request_idx" ON "consulting_requester_files" USING btree ("request_id");