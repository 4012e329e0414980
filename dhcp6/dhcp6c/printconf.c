/* Print a dhcp6c configuration back in dhcp6c.conf(5) form (for -n). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "dhcp6c.h"

static void
print_name(FILE *f, const char *name)
{
	/* always quoted, so a name that looks like a keyword reads back */
	fputc('"', f);
	for (; *name != '\0'; name++) {
		if (*name == '"' || *name == '\\')
			fputc('\\', f);
		fputc(*name, f);
	}
	fputc('"', f);
}

static void
print_time(FILE *f, uint32_t t)
{
	if (t == D6_INFINITY)
		fprintf(f, "infinity");
	else
		fprintf(f, "%u", t);
}

void
c6_conf_print(const struct c6_conf *conf, FILE *f)
{
	const struct c6_ifconf	*ifc;
	const struct c6_iaconf	*iac;
	char			 a[INET6_ADDRSTRLEN];
	int			 i;

	const struct c6_key	*k;
	const struct c6_authconf *au;

	TAILQ_FOREACH(k, &conf->keys, entry) {
		/* the secret is not printed: -n output is not a secret */
		fprintf(f, "keyinfo %s {\n\trealm ", k->name);
		print_name(f, k->realm);
		fprintf(f, ";\n\tkeyid %u;\n\t# secret: %zu bytes\n",
		    k->keyid, k->secretlen);
		if (k->expire != 0)
			fprintf(f, "\t# expires at %lld\n",
			    (long long)k->expire);
		fprintf(f, "};\n");
	}
	TAILQ_FOREACH(au, &conf->auths, entry)
		fprintf(f, "authentication %s {\n\tprotocol delayed;\n"
		    "\talgorithm hmac-md5;\n\trdm monocounter;\n};\n",
		    au->name);
	TAILQ_FOREACH(ifc, &conf->ifs, entry) {
		fprintf(f, "interface ");
		print_name(f, ifc->ifname);
		fprintf(f, " {\n");
		for (i = 0; i < ifc->nia; i++)
			fprintf(f, "\tsend %s %u;\n",
			    ifc->ia[i]->type == D6O_IA_NA ? "ia-na" : "ia-pd",
			    ifc->ia[i]->iaid);
		if (ifc->flags & C6F_RAPID)
			fprintf(f, "\tsend rapid-commit;\n");
		if (ifc->flags & C6F_RECONF)
			fprintf(f, "\tsend reconfigure-accept;\n");
		if (ifc->authname != NULL)
			fprintf(f, "\tsend authentication %s;\n",
			    ifc->authname);
		for (i = 0; i < ifc->noro; i++)
			fprintf(f, "\trequest %s;\n", c6_oro_name(ifc->oro[i]));
		if (ifc->flags & C6F_INFO_ONLY)
			fprintf(f, "\tinformation-only;\n");
		if (ifc->script != NULL)
{
			fprintf(f, "\tscript ");
			print_name(f, ifc->script);
			fprintf(f, ";\n");
		}
		fprintf(f, "};\n");
	}
	TAILQ_FOREACH(iac, &conf->ias, entry) {
		fprintf(f, "id-assoc %s %u {\n",
		    iac->type == D6O_IA_NA ? "na" : "pd", iac->iaid);
		for (i = 0; i < iac->nhints; i++) {
			const struct c6_hint *h = &iac->hints[i];

			inet_ntop(AF_INET6, &h->addr, a, sizeof(a));
			if (iac->type == D6O_IA_NA)
				fprintf(f, "\taddress %s ", a);
			else
				fprintf(f, "\tprefix %s/%d ", a, h->plen);
			print_time(f, h->pl);
			fprintf(f, " ");
			print_time(f, h->vl);
			fprintf(f, ";\n");
		}
		for (i = 0; i < iac->npifs; i++) {
			fprintf(f, "\tprefix-interface ");
			print_name(f, iac->pifs[i].ifname);
			fprintf(f, " {\n\t\tsla-id %u;\n\t\tsla-len %d;\n"
			    "\t};\n", iac->pifs[i].sla_id,
			    iac->pifs[i].sla_len);
		}
		fprintf(f, "};\n");
	}
}
