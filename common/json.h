/*
 * A small streaming JSON writer for the -j output of the control tools.
 * The writer tracks nesting and commas; keys are given for members of an
 * object and NULL for elements of an array (or the top value).
 */
#ifndef T6_JSON_H
#define T6_JSON_H

#include <stdio.h>

#define JSON_MAX_DEPTH	32

struct json {
	FILE	*fp;
	int	 depth;
	int	 pretty;
	int	 bad;			/* nesting misuse detected */
	char	 count[JSON_MAX_DEPTH];	/* members written at each depth */
};

void	 json_init(struct json *, FILE *, int pretty);
void	 json_object_begin(struct json *, const char *key);
void	 json_object_end(struct json *);
void	 json_array_begin(struct json *, const char *key);
void	 json_array_end(struct json *);
void	 json_string(struct json *, const char *key, const char *value);
void	 json_int(struct json *, const char *key, long long);
void	 json_uint(struct json *, const char *key, unsigned long long);
void	 json_double(struct json *, const char *key, double);
void	 json_bool(struct json *, const char *key, int);
void	 json_null(struct json *, const char *key);
/* Ends the document with a newline; 0, or -1 if nesting was misused. */
int	 json_finish(struct json *);

#endif
