/* A streaming JSON writer: escaping, nesting and commas. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

void
json_init(struct json *j, FILE *fp, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->fp = fp;
	j->pretty = pretty;
}

static void
put_string(FILE *fp, const char *s)
{
	const unsigned char	*p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

static void
indent(struct json *j)
{
	int	 i;

	if (!j->pretty)
		return;
	fputc('\n', j->fp);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->fp);
}

/* Comma, indentation and "key": before any value. */
static void
member(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->count[j->depth])
			fputc(',', j->fp);
		if (j->count[j->depth] < 2)
			j->count[j->depth]++;
		indent(j);
	}
	if (key != NULL) {
		put_string(j->fp, key);
		fputs(j->pretty ? ": " : ":", j->fp);
	}
}

static void
open_level(struct json *j, const char *key, int ch)
{
	member(j, key);
	fputc(ch, j->fp);
	if (j->depth + 1 >= JSON_MAX_DEPTH) {
		j->bad = 1;
		return;
	}
	j->depth++;
	j->count[j->depth] = 0;
}

static void
close_level(struct json *j, int ch)
{
	int	 had = 0;

	if (j->depth == 0) {
		j->bad = 1;
		return;
	}
	had = j->count[j->depth];
	j->depth--;
	if (had)
		indent(j);
	fputc(ch, j->fp);
}

void
json_object_begin(struct json *j, const char *key)
{
	open_level(j, key, '{');
}

void
json_object_end(struct json *j)
{
	close_level(j, '}');
}

void
json_array_begin(struct json *j, const char *key)
{
	open_level(j, key, '[');
}

void
json_array_end(struct json *j)
{
	close_level(j, ']');
}

void
json_string(struct json *j, const char *key, const char *value)
{
	member(j, key);
	if (value == NULL)
		fputs("null", j->fp);
	else
		put_string(j->fp, value);
}

void
json_int(struct json *j, const char *key, long long v)
{
	member(j, key);
	fprintf(j->fp, "%lld", v);
}

void
json_uint(struct json *j, const char *key, unsigned long long v)
{
	member(j, key);
	fprintf(j->fp, "%llu", v);
}

void
json_double(struct json *j, const char *key, double v)
{
	member(j, key);
	if (isfinite(v))
		fprintf(j->fp, "%.6g", v);
	else
		fputs("null", j->fp);
}

void
json_bool(struct json *j, const char *key, int v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->fp);
}

void
json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->fp);
}

int
json_finish(struct json *j)
{
	fputc('\n', j->fp);
	fflush(j->fp);
	return j->bad || j->depth != 0 ? -1 : 0;
}
