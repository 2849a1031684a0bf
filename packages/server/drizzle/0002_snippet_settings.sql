ALTER TABLE "sites" ADD COLUMN "consent_cookie" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "extra_params" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "extra_cookies" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "swap_attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;