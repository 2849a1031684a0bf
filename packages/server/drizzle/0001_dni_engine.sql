CREATE TABLE "pool_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"pool_id" text NOT NULL,
	"kind" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"observed" double precision NOT NULL,
	"target" double precision NOT NULL,
	"recommended_size" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pool_hours" (
	"workspace_id" text NOT NULL,
	"pool_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"leased" integer DEFAULT 0 NOT NULL,
	"fallbacks" integer DEFAULT 0 NOT NULL,
	"overflows" integer DEFAULT 0 NOT NULL,
	"reused" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "pool_hours_pool_id_hour_pk" PRIMARY KEY("pool_id","hour")
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "visitor_id" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "first_time" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "repeat" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "previous_call_id" text;--> statement-breakpoint
ALTER TABLE "leases" ADD COLUMN "confirmed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Leases from before provisional leasing were all served to pages that asked: count them confirmed.
UPDATE "leases" SET "confirmed" = true;--> statement-breakpoint
ALTER TABLE "leases" ADD COLUMN "previous_lease_id" text;--> statement-breakpoint
ALTER TABLE "leases" ADD COLUMN "reused_from_session_id" text;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "rules" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "exhaustion_policy" text DEFAULT 'fallback' NOT NULL;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "overflow_number" text;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "channel" text;--> statement-breakpoint
ALTER TABLE "pools" ADD COLUMN "target_blocking" double precision DEFAULT 0.01 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "city" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "repeat_window_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "pool_alerts" ADD CONSTRAINT "pool_alerts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_alerts" ADD CONSTRAINT "pool_alerts_pool_id_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_hours" ADD CONSTRAINT "pool_hours_pool_id_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pool_alerts_pool_kind_hour_key" ON "pool_alerts" USING btree ("pool_id","kind","hour");--> statement-breakpoint
CREATE INDEX "pool_alerts_ws_idx" ON "pool_alerts" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "pool_hours_ws_idx" ON "pool_hours" USING btree ("workspace_id","hour");--> statement-breakpoint
CREATE INDEX "calls_caller_idx" ON "calls" USING btree ("workspace_id","caller","started_at");