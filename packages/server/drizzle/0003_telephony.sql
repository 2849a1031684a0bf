CREATE TABLE "recording_access" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"recording_id" text NOT NULL,
	"call_id" text NOT NULL,
	"action" text NOT NULL,
	"user_id" text,
	"token_id" text,
	"range" text,
	"ip" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recordings" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"provider" text NOT NULL,
	"provider_call_id" text NOT NULL,
	"provider_recording_id" text NOT NULL,
	"connection_id" text,
	"source_url" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"storage_key" text,
	"content_type" text,
	"size_bytes" integer,
	"duration_seconds" integer,
	"created_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "telephony_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"token" text NOT NULL,
	"credentials" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "agent" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "queue" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transfers" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "recording_retention_days" integer DEFAULT 365 NOT NULL;--> statement-breakpoint
ALTER TABLE "recording_access" ADD CONSTRAINT "recording_access_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_connections" ADD CONSTRAINT "telephony_connections_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recording_access_ws_idx" ON "recording_access" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "recordings_provider_key" ON "recordings" USING btree ("workspace_id","provider","provider_recording_id");--> statement-breakpoint
CREATE INDEX "recordings_call_idx" ON "recordings" USING btree ("workspace_id","provider","provider_call_id");--> statement-breakpoint
CREATE INDEX "recordings_due_idx" ON "recordings" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "telephony_connections_token_key" ON "telephony_connections" USING btree ("token");--> statement-breakpoint
CREATE INDEX "telephony_connections_ws_idx" ON "telephony_connections" USING btree ("workspace_id","created_at");