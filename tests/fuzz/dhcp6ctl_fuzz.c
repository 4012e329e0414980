/*
 * Fuzz the dhcp6ctl message check: any input is verified against a
 * fixed key at the time it claims (so the MAC is what decides); what
 * passes must have its data inside the input, and a message built from
 * the decoded parts must verify the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6.h"
#include "fuzz.h"

static const uint8_t key[] = "fuzz key: sixteen";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct d6ctl_msg	 m, m2;
	static struct d6ctl_replay rp;
	uint8_t			 out[D6CTL_HDRLEN + D6CTL_MACLEN +
				    D6CTL_MAXDATA];
	uint32_t		 now = 1000000;
	size_t			 n;

	if (len >= 12)
		now = (uint32_t)data[8] << 24 | (uint32_t)data[9] << 16 |
		    (uint32_t)data[10] << 8 | data[11];
	if (d6ctl_verify(data, len, key, sizeof(key), now, &m) == D6CTL_OK) {
		if (m.data < data || m.data + m.datalen > data + len)
			abort();
		(void)d6ctl_replay_check(&rp, &m, now);
	}
	/* whatever is built verifies */
	n = len > D6CTL_MAXDATA ? D6CTL_MAXDATA : len;
	if ((n = d6ctl_build(len > 0 ? data[0] : 1, data, n, key, sizeof(key),
	    now, out, sizeof(out))) == 0)
		abort();
	if (d6ctl_verify(out, n, key, sizeof(key), now, &m2) != D6CTL_OK)
		abort();
	return 0;
}
