// SPDX-License-Identifier: BSD-3-Clause
// The tester's sections as the configuration prints them back (config_tester.c).
#include "cp/config/config_priv.h"

static void print_stream(const struct evpnd_config *cfg, const struct cfg_stream *s, FILE *out)
{
	char a[CP_IP_STRLEN], m[CP_MAC_STRLEN];

	fprintf(out, "stream %s\n port %s\n", s->name, cfg->ports[s->port].name);
	if (s->rx_port >= 0)
		fprintf(out, " rx-port %s\n", cfg->ports[s->rx_port].name);
	fprintf(out, " encapsulation %s\n", cfg_stream_encap_name(s->encap));
	if (s->src_vtep.family != 0)
		fprintf(out, " source-vtep %s count %u\n", cp_ip_str(&s->src_vtep, a, sizeof(a)),
			s->n_vteps);
	if (s->dst_vtep.family != 0)
		fprintf(out, " destination-vtep %s\n", cp_ip_str(&s->dst_vtep, a, sizeof(a)));
	if (s->has_next_hop_mac)
		fprintf(out, " next-hop-mac %s\n", cp_mac_str(s->next_hop_mac, m, sizeof(m)));
	if (s->vni != 0)
		fprintf(out, " vni %u\n", s->vni);
	if (s->n_labels > 0) {
		fprintf(out, " label");
		for (unsigned i = 0; i < s->n_labels; i++)
			fprintf(out, " %u", s->labels[i]);
		fprintf(out, "\n");
	}
	if (s->rx_label != 0)
		fprintf(out, " rx-label %u\n", s->rx_label);
	fprintf(out, " source-mac %s count %u\n", cp_mac_str(s->src_mac, m, sizeof(m)), s->n_macs);
	fprintf(out, " destination-mac %s\n", cp_mac_str(s->dst_mac, m, sizeof(m)));
	fprintf(out, " source-ip %s\n", cp_ip_str(&s->src_ip, a, sizeof(a)));
	fprintf(out, " destination-ip %s\n", cp_ip_str(&s->dst_ip, a, sizeof(a)));
	if (s->imix)
		fprintf(out, " frame-size imix\n");
	else {
		fprintf(out, " frame-size");
		for (unsigned i = 0; i < s->n_sizes; i++)
			fprintf(out, " %u", s->sizes[i]);
		fprintf(out, "\n");
	}
	if (s->rate == 0) {
		fprintf(out, " rate max\n");
	} else {
		// In the largest unit that divides it, as an operator writes it ("10 mbps").
		static const char *const bps[] = {"bps", "kbps", "mbps", "gbps"};
		static const char *const pps[] = {"pps", "kpps", "mpps"};
		unsigned u = 0, top = s->rate_bps ? 3 : 2;
		uint64_t v = s->rate;
		for (; u < top && v % 1000 == 0; u++)
			v /= 1000;
		fprintf(out, " rate %lu %s\n", (unsigned long)v, s->rate_bps ? bps[u] : pps[u]);
	}
	if (s->duration != 0)
		fprintf(out, " duration %u\n", s->duration);
	if (s->count != 0)
		fprintf(out, " count %lu\n", (unsigned long)s->count);
}

void cfg_tester_print(const struct evpnd_config *cfg, FILE *out)
{
	const struct cfg_tester *t = &cfg->tester;

	if (t->line == 0 && t->n_streams == 0)
		return;
	fprintf(out, "tester\n");
	if (t->report_file[0] != '\0')
		fprintf(out, " report-file %s\n", t->report_file);
	for (size_t i = 0; i < t->n_streams; i++)
		print_stream(cfg, &t->streams[i], out);
}
