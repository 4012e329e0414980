/*
 * Print a loaded configuration back in dhcp6s.conf(5) form (-t): what
 * the server understood, with every default made explicit.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "dhcp6s.h"

void
d6s_print_duration(FILE *f, uint32_t v)
{
	if (v == D6_INFINITY)
		fprintf(f, "infinity");
	else
		fprintf(f, "%u", v);
}

static void
print_addrs(FILE *f, const char *name, const struct d6s_addrlist *l)
{
	char	 a[INET6_ADDRSTRLEN];
	int	 i;

	if (l->n == 0)
		return;
	fprintf(f, "option %s", name);
	for (i = 0; i < l->n; i++)
		fprintf(f, " %s", inet_ntop(AF_INET6, &l->a[i], a,
		    sizeof(a)));
	fprintf(f, ";\n");
}

static void
print_names(FILE *f, const char *name, const uint8_t *p, size_t len)
{
	struct d6_bytes	 b = { p, len };
	struct d6_names	 n;
	char		 text[256];

	d6_names_init(&n, &b);
	while (d6_names_next(&n, text, sizeof(text)) == 1)
		fprintf(f, "option %s \"%s\";\n", name, text);
}

static void
print_value(FILE *f, const char *kw, const struct d6s_value *v)
{
	char	 a[INET6_ADDRSTRLEN];

	fprintf(f, "\t%s %s/%u ", kw, inet_ntop(AF_INET6, &v->addr, a,
	    sizeof(a)), v->plen);
	d6s_print_duration(f, v->pltime);
	fprintf(f, " ");
	d6s_print_duration(f, v->vltime);
	fprintf(f, ";\n");
}

void
d6s_conf_print(const struct d6s_conf *c, FILE *f)
{
	const struct d6s_host	*h;
	const struct d6s_pool	*p;
	const struct d6s_iface	*i;
	const struct d6s_key	*k;
	char			 a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	char			 d[3 * D6_DUID_MAX];
	int			 j;

	print_addrs(f, "domain-name-servers", &c->dns);
	print_names(f, "domain-name", c->domains, c->domains_len);
	print_addrs(f, "ntp-servers", &c->sntp);
	print_addrs(f, "sip-server-address", &c->sip_addrs);
	print_names(f, "sip-server-domain-name", c->sip_domains,
	    c->sip_domains_len);
	print_addrs(f, "nis-server-address", &c->nis);
	print_names(f, "nis-domain-name", c->nis_domain, c->nis_domain_len);
	print_addrs(f, "nisp-server-address", &c->nisp);
	print_names(f, "nisp-domain-name", c->nisp_domain,
	    c->nisp_domain_len);
	print_addrs(f, "bcmcs-server-address", &c->bcmcs);
	print_names(f, "bcmcs-server-domain-name", c->bcmcs_domains,
	    c->bcmcs_domains_len);
	if (c->refresh >= 0)
		fprintf(f, "option refreshtime %lld;\n",
		    (long long)c->refresh);
	fprintf(f, "lease-fsync %s;\n", c->lease_fsync ? "on" : "off");
	fprintf(f, "max-bindings %u;\n", c->max_bindings);
	fprintf(f, "max-bindings-per-client %u;\n", c->max_per_client);
	TAILQ_FOREACH(k, &c->keys, entry) {
		fprintf(f, "keyinfo %s {\n\trealm \"%s\";\n\tkeyid %u;\n"
		    "\tsecret \"(%zu bytes, not shown)\";\n", k->name,
		    k->realm, k->keyid, k->secretlen);
		if (k->expire != 0)
			fprintf(f, "\texpire \"@%lld\";\n",
			    (long long)k->expire);
		fprintf(f, "};\n");
	}
	TAILQ_FOREACH(p, &c->pools, entry) {
		fprintf(f, "pool %s {\n", p->name);
		if (p->is_prefix)
			fprintf(f, "\tprefix %s/%u delegated-length %u;\n",
			    inet_ntop(AF_INET6, &p->base, a, sizeof(a)),
			    p->base_plen, p->plen);
		else
			fprintf(f, "\trange %s to %s;\n", inet_ntop(AF_INET6,
			    &p->start, a, sizeof(a)), inet_ntop(AF_INET6,
			    &p->end, b, sizeof(b)));
		fprintf(f, "};\n");
	}
	TAILQ_FOREACH(i, &c->ifaces, entry) {
		fprintf(f, "interface \"%s\" {\n", i->name);
		if (i->rapid_commit)
			fprintf(f, "\tallow rapid-commit;\n");
		if (i->reconfigure)
			fprintf(f, "\tallow reconfigure;\n");
		if (i->preference >= 0)
			fprintf(f, "\tpreference %d;\n", i->preference);
		if (i->addr_pool != NULL) {
			fprintf(f, "\taddress-pool %s ", i->addr_pool);
			d6s_print_duration(f, i->pool_pltime);
			fprintf(f, " ");
			d6s_print_duration(f, i->pool_vltime);
			fprintf(f, ";\n");
		}
		if (i->prefix_pool != NULL) {
			fprintf(f, "\tprefix-pool %s ", i->prefix_pool);
			d6s_print_duration(f, i->ppool_pltime);
			fprintf(f, " ");
			d6s_print_duration(f, i->ppool_vltime);
			fprintf(f, ";\n");
		}
		fprintf(f, "};\n");
	}
	TAILQ_FOREACH(h, &c->hosts, entry) {
		fprintf(f, "host %s {\n\tduid %s;\n", h->name,
		    d6_duid_str(h->duid.data, h->duid.len, d, sizeof(d)));
		for (j = 0; j < h->naddrs; j++)
			print_value(f, "address", &h->addrs[j]);
		for (j = 0; j < h->nprefixes; j++)
			print_value(f, "prefix", &h->prefixes[j]);
		if (h->delayedkey != NULL)
			fprintf(f, "\tdelayedkey %s;\n", h->delayedkey);
		fprintf(f, "};\n");
	}
}
