/*
 * A map from nonzero 32-bit identifiers to pointers, for lookups on
 * every packet (bfdd's discriminators): open addressing, linear probing
 * from a multiplicative hash of the identifier, at most half full, so a
 * lookup reads one or two adjacent entries.  Removal moves back the
 * entries a probe would no longer reach, so there are no tombstones and
 * lookups stay short however many come and go.
 *
 * idmap_reserve() makes room for one more entry (it is the only call
 * that allocates), so that a caller can fail cleanly before it commits
 * to anything; idmap_put() then cannot fail.
 */
#ifndef T6_IDMAP_H
#define T6_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct idmap_ent {
	uint32_t	 id;		/* 0: free */
	void		*val;
};

struct idmap {
	struct idmap_ent *tab;
	size_t		 cap;		/* a power of 2, or 0 */
	unsigned	 shift;		/* 32 - log2(cap) */
	size_t		 used;
};

#define IDMAP_INITIALIZER	{ NULL, 0, 32, 0 }

/* 0, or -1 with errno ENOMEM (the map unchanged). */
int		 idmap_reserve(struct idmap *);
/* Adds id (nonzero, not present) after a successful idmap_reserve(). */
void		 idmap_put(struct idmap *, uint32_t id, void *);
/* The value of id, or NULL. */
void		*idmap_get(const struct idmap *, uint32_t id);
/* Removes id: 1 if it was there, 0 if not. */
int		 idmap_del(struct idmap *, uint32_t id);
size_t		 idmap_count(const struct idmap *);
void		 idmap_free(struct idmap *);

#endif
