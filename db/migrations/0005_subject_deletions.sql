CREATE TABLE "subject_deletions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_digest" text NOT NULL,
	"requested_by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"ratings_deleted" integer NOT NULL,
	"trajectories_anonymised" integer NOT NULL,
	"audit_rows_anonymised" integer NOT NULL
);
