CREATE TABLE "images" (
	"sha256" text PRIMARY KEY NOT NULL,
	"format" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"source_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
