CREATE TABLE "session_days" (
	"workspace_id" text NOT NULL,
	"day" date NOT NULL,
	"site_id" text NOT NULL,
	"channel" text NOT NULL,
	"source" text,
	"medium" text,
	"campaign" text,
	"term" text,
	"sessions" integer NOT NULL,
	CONSTRAINT "session_days_key" UNIQUE NULLS NOT DISTINCT("workspace_id","day","site_id","channel","source","medium","campaign","term")
);
--> statement-breakpoint
DROP INDEX "sessions_visitor_idx";--> statement-breakpoint
ALTER TABLE "session_days" ADD CONSTRAINT "session_days_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_visitor_idx" ON "sessions" USING btree ("visitor_id","started_at","id");--> statement-breakpoint
-- session_days follows sessions in the statement that writes them, whichever code path it is (the
-- tracking journal's batch, the group commit, fixtures) and whatever deletes them (cascades from a
-- workspace, site or visitor): the rollup cannot drift from the rows it counts. Rows are upserted in key
-- order so two concurrent batches lock shared days in the same order. A session's workspace, site,
-- start and touch never change: the last trigger below refuses an update that would change them.
CREATE FUNCTION "session_days_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "session_days" AS d ("workspace_id", "day", "site_id", "channel", "source", "medium", "campaign", "term", "sessions")
	SELECT n.workspace_id, (n.started_at AT TIME ZONE w.time_zone)::date, n.site_id, n.channel, n.source, n.medium, n.campaign, n.term, count(*)
	FROM new_sessions n JOIN "workspaces" w ON w.id = n.workspace_id
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
	ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
	ON CONFLICT ON CONSTRAINT "session_days_key" DO UPDATE SET "sessions" = d.sessions + excluded.sessions;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- A workspace's own deletion finds no workspace row here: its session_days go by their foreign key.
CREATE FUNCTION "session_days_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "session_days" d SET "sessions" = d.sessions - g.n
	FROM (
		SELECT o.workspace_id, (o.started_at AT TIME ZONE w.time_zone)::date AS day, o.site_id, o.channel,
			o.source, o.medium, o.campaign, o.term, count(*) AS n
		FROM old_sessions o JOIN "workspaces" w ON w.id = o.workspace_id
		GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
	) g
	WHERE d.workspace_id = g.workspace_id AND d.day = g.day AND d.site_id = g.site_id AND d.channel = g.channel
		AND d.source IS NOT DISTINCT FROM g.source AND d.medium IS NOT DISTINCT FROM g.medium
		AND d.campaign IS NOT DISTINCT FROM g.campaign AND d.term IS NOT DISTINCT FROM g.term;
	-- A second statement: the update's new row versions are not visible to the statement that made them.
	DELETE FROM "session_days" d
	WHERE d.sessions <= 0 AND (d.workspace_id, d.day) IN (
		SELECT o.workspace_id, (o.started_at AT TIME ZONE w.time_zone)::date
		FROM old_sessions o JOIN "workspaces" w ON w.id = o.workspace_id
	);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "sessions_days_insert" AFTER INSERT ON "sessions"
	REFERENCING NEW TABLE AS new_sessions FOR EACH STATEMENT EXECUTE FUNCTION "session_days_add"();
--> statement-breakpoint
CREATE TRIGGER "sessions_days_delete" AFTER DELETE ON "sessions"
	REFERENCING OLD TABLE AS old_sessions FOR EACH STATEMENT EXECUTE FUNCTION "session_days_remove"();
--> statement-breakpoint
CREATE FUNCTION "sessions_counted_unchanged"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (NEW.workspace_id, NEW.site_id, NEW.started_at, NEW.channel, NEW.source, NEW.medium, NEW.campaign, NEW.term)
		IS DISTINCT FROM (OLD.workspace_id, OLD.site_id, OLD.started_at, OLD.channel, OLD.source, OLD.medium, OLD.campaign, OLD.term) THEN
		RAISE EXCEPTION 'session %: its workspace, site, start and touch are counted in session_days and cannot change', OLD.id;
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
-- Fires only for updates that name these columns; the journal's activity updates do not.
CREATE TRIGGER "sessions_counted_unchanged" BEFORE UPDATE OF "workspace_id", "site_id", "started_at", "channel", "source", "medium", "campaign", "term" ON "sessions"
	FOR EACH ROW EXECUTE FUNCTION "sessions_counted_unchanged"();
--> statement-breakpoint
INSERT INTO "session_days" ("workspace_id", "day", "site_id", "channel", "source", "medium", "campaign", "term", "sessions")
SELECT s.workspace_id, (s.started_at AT TIME ZONE w.time_zone)::date, s.site_id, s.channel, s.source, s.medium, s.campaign, s.term, count(*)
FROM "sessions" s JOIN "workspaces" w ON w.id = s.workspace_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
