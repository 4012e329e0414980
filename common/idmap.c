/* common/idmap: see idmap.h. */
#include <errno.h>
#include <stdlib.h>

#include "idmap.h"

/* Fibonacci hashing: the identifier's bits all reach the top ones. */
static size_t
home(const struct idmap *m, uint32_t id)
{
	return (uint32_t)(id * 2654435769u) >> m->shift;
}

static void
place(struct idmap *m, uint32_t id, void *val)
{
	size_t	 i = home(m, id);

	while (m->tab[i].id != 0)
		i = (i + 1) & (m->cap - 1);
	m->tab[i].id = id;
	m->tab[i].val = val;
}

int
idmap_reserve(struct idmap *m)
{
	struct idmap	 n;
	size_t		 i;

	if ((m->used + 1) * 2 <= m->cap)
		return 0;
	n.cap = m->cap == 0 ? 64 : m->cap * 2;
	n.shift = m->cap == 0 ? 32 - 6 : m->shift - 1;
	n.used = m->used;
	if (n.shift == 0 ||
	    (n.tab = calloc(n.cap, sizeof(*n.tab))) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->tab[i].id != 0)
			place(&n, m->tab[i].id, m->tab[i].val);
	free(m->tab);
	*m = n;
	return 0;
}

void
idmap_put(struct idmap *m, uint32_t id, void *val)
{
	place(m, id, val);
	m->used++;
}

void *
idmap_get(const struct idmap *m, uint32_t id)
{
	size_t	 i;

	if (m->cap == 0 || id == 0)
		return NULL;
	for (i = home(m, id); m->tab[i].id != 0; i = (i + 1) & (m->cap - 1))
		if (m->tab[i].id == id)
			return m->tab[i].val;
	return NULL;
}

int
idmap_del(struct idmap *m, uint32_t id)
{
	size_t	 i, j, h, mask = m->cap - 1;

	if (m->cap == 0 || id == 0)
		return 0;
	for (i = home(m, id); m->tab[i].id != id; i = (i + 1) & mask)
		if (m->tab[i].id == 0)
			return 0;
	m->tab[i].id = 0;
	m->tab[i].val = NULL;
	m->used--;
	/*
	 * Close the gap at i: an entry further on whose probe started at
	 * or before i (its home not cyclically in (i, j]) moves into it,
	 * and its old place is the gap now.
	 */
	for (j = (i + 1) & mask; m->tab[j].id != 0; j = (j + 1) & mask) {
		h = home(m, m->tab[j].id);
		if (i <= j ? (h > i && h <= j) : (h > i || h <= j))
			continue;
		m->tab[i] = m->tab[j];
		m->tab[j].id = 0;
		m->tab[j].val = NULL;
		i = j;
	}
	return 1;
}

size_t
idmap_count(const struct idmap *m)
{
	return m->used;
}

void
idmap_free(struct idmap *m)
{
	free(m->tab);
	m->tab = NULL;
	m->cap = 0;
	m->shift = 32;
	m->used = 0;
}
