CREATE TABLE "ad_costs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"upload_id" text NOT NULL,
	"day" date NOT NULL,
	"source" text NOT NULL,
	"medium" text NOT NULL,
	"campaign" text NOT NULL,
	"keyword" text DEFAULT '' NOT NULL,
	"cost" double precision NOT NULL,
	"currency" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"file_name" text NOT NULL,
	"rows_added" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "rating" integer;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "qualified" boolean;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "deal_value" double precision;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "annotated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ad_costs" ADD CONSTRAINT "ad_costs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_uploads" ADD CONSTRAINT "cost_uploads_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ad_costs_key" ON "ad_costs" USING btree ("workspace_id","day","source","medium","campaign","keyword");--> statement-breakpoint
CREATE INDEX "cost_uploads_ws_idx" ON "cost_uploads" USING btree ("workspace_id","created_at");