// SPDX-License-Identifier: BSD-3-Clause
// Sections "tester" and "stream NAME": the packet-rate tester. "tester" runs the tester
// pipeline instead of the VTEP's; each stream says what it sends, from where to where,
// how big and how fast, and where it should come back:
//   tester
//    report-file /var/tmp/evpnd-tester.json
//   stream vx1
//    port uplink0
//    encapsulation vxlan
//    source-vtep 198.51.100.10 count 4
//    destination-vtep 198.51.100.1
//    next-hop-mac 02:00:00:00:00:01
//    vni 100
//    source-mac 02:00:00:01:00:00 count 16
//    destination-mac 02:00:00:02:00:00
//    frame-size 128 | imix
//    rate 2000 pps | 100 mbps | max
//    duration 3 | count 6000
//    rx-port host0
#include "cp/config/config_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_SIZE_MIN 64
#define STREAM_SIZE_MAX 9216
// Simple IMIX (7:4:1 of 64, 594 and 1518 bytes), interleaved.
static const uint16_t imix[CFG_STREAM_MAX_SIZES] = {64, 594, 64, 64, 594, 64, 64, 594, 64, 64,
	594, 1518};
static const char *const encap_names[] = {"ethernet", "vxlan", "mpls", "mpls-udp"};

static struct cfg_stream *cur(struct cfg_parser *p)
{
	return &p->cfg->tester.streams[p->cfg->tester.n_streams - 1];
}

// "ADDRESS [count N]", "MAC [count N]": the count after the value.
static int count_arg(struct cfg_parser *p, const char *what, char **args, int n, uint32_t *count)
{
	*count = 1;
	if (n == 1)
		return 0;
	if (n != 3 || cfg_expect(p, what, args[1], "count") < 0)
		return n != 3 ? cfg_perr(p, "%s: usage: %s VALUE [count N]", what, what) : -EINVAL;
	return cfg_parse_u32(p, what, args[2], 1, 1u << 24, count);
}

static int ipv4_arg(struct cfg_parser *p, const char *what, const char *s, struct cp_ip *ip)
{
	if (cfg_parse_unicast(p, what, s, ip) < 0)
		return -EINVAL;
	if (ip->family != AF_INET)
		return cfg_perr(p, "%s %s: the tester emulates IPv4 only", what, s);
	return 0;
}

static int port_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_port(p, args[0], &cur(p)->port);
}

static int rx_port_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_port(p, args[0], &cur(p)->rx_port);
}

static int encap_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	for (unsigned i = 0; i < (sizeof(encap_names) / sizeof(encap_names[0])); i++)
		if (strcmp(args[0], encap_names[i]) == 0) {
			cur(p)->encap = (uint8_t)i;
			return 0;
		}
	return cfg_perr(p, "encapsulation: expected vxlan, mpls, mpls-udp or ethernet instead "
			   "of '%s'", args[0]);
}

static int src_vtep_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_stream *s = cur(p);

	if (ipv4_arg(p, "source-vtep", args[0], &s->src_vtep) < 0)
		return -EINVAL;
	return count_arg(p, "source-vtep", args, n, &s->n_vteps);
}

static int dst_vtep_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return ipv4_arg(p, "destination-vtep", args[0], &cur(p)->dst_vtep);
}

static int nh_mac_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	cur(p)->has_next_hop_mac = true;
	return cfg_parse_mac(p, args[0], cur(p)->next_hop_mac);
}

static int vni_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(p, "vni", args[0], 1, 16777215, &cur(p)->vni);
}

static int label_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_stream *s = cur(p);

	for (int i = 0; i < n; i++)
		if (cfg_parse_u32(p, "label", args[i], CFG_MPLS_LABEL_MIN, CFG_MPLS_LABEL_MAX,
			    &s->labels[i]) < 0)
			return -EINVAL;
	s->n_labels = (uint8_t)n;
	return 0;
}

static int rx_label_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(p, "rx-label", args[0], CFG_MPLS_LABEL_MIN, CFG_MPLS_LABEL_MAX,
		&cur(p)->rx_label);
}

static int src_mac_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_stream *s = cur(p);

	if (cfg_parse_mac(p, args[0], s->src_mac) < 0)
		return -EINVAL;
	if (!cfg_mac_is_unicast(s->src_mac))
		return cfg_perr(p, "source-mac %s is not a unicast MAC", args[0]);
	s->has_src_mac = true;
	return count_arg(p, "source-mac", args, n, &s->n_macs);
}

static int dst_mac_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	cur(p)->has_dst_mac = true;
	return cfg_parse_mac(p, args[0], cur(p)->dst_mac);
}

static int src_ip_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return ipv4_arg(p, "source-ip", args[0], &cur(p)->src_ip);
}

static int dst_ip_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return ipv4_arg(p, "destination-ip", args[0], &cur(p)->dst_ip);
}

static int size_cmd(struct cfg_parser *p, char **args, int n)
{
	struct cfg_stream *s = cur(p);
	uint32_t v;

	s->imix = n == 1 && strcmp(args[0], "imix") == 0;
	if (s->imix) {
		memcpy(s->sizes, imix, sizeof(imix));
		s->n_sizes = CFG_STREAM_MAX_SIZES;
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (cfg_parse_u32(p, "frame-size", args[i], STREAM_SIZE_MIN, STREAM_SIZE_MAX, &v) < 0)
			return -EINVAL;
		s->sizes[i] = (uint16_t)v;
	}
	s->n_sizes = (uint8_t)n;
	return 0;
}

// "rate N pps|kpps|mpps|bps|kbps|mbps|gbps" or "rate max"
static int rate_cmd(struct cfg_parser *p, char **args, int n)
{
	static const struct {
		const char *name;
		uint64_t mult;
		bool bps;
	} units[] = {{"pps", 1, false}, {"kpps", 1000, false}, {"mpps", 1000000, false},
		{"bps", 1, true}, {"kbps", 1000, true}, {"mbps", 1000000, true},
		{"gbps", 1000000000, true}};
	struct cfg_stream *s = cur(p);
	uint32_t v;

	if (n == 1 && strcmp(args[0], "max") == 0) {
		s->rate = 0;
		return 0;
	}
	if (n != 2)
		return cfg_perr(p, "rate: usage: rate NUMBER UNIT | max");
	if (cfg_parse_u32(p, "rate", args[0], 1, UINT32_MAX, &v) < 0)
		return -EINVAL;
	for (unsigned i = 0; i < (sizeof(units) / sizeof(units[0])); i++)
		if (strcmp(args[1], units[i].name) == 0) {
			s->rate = v * units[i].mult;
			s->rate_bps = units[i].bps;
			return 0;
		}
	return cfg_perr(p, "rate: unknown unit '%s' (pps, kpps, mpps, bps, kbps, mbps, gbps)",
		args[1]);
}

static int duration_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	return cfg_parse_u32(p, "duration", args[0], 1, 86400, &cur(p)->duration);
}

static int count_cmd(struct cfg_parser *p, char **args, int n)
{
	uint32_t v;

	(void)n;
	if (cfg_parse_u32(p, "count", args[0], 1, UINT32_MAX, &v) < 0)
		return -EINVAL;
	cur(p)->count = v;
	return 0;
}

static int stream_open(struct cfg_parser *p, char **args)
{
	struct cfg_tester *t = &p->cfg->tester;
	struct cfg_stream *s;

	if (!cfg_port_name_valid(args[0]))
		return cfg_perr(p, "stream: bad name '%s'", args[0]);
	for (size_t i = 0; i < t->n_streams; i++)
		if (strcmp(t->streams[i].name, args[0]) == 0)
			return cfg_perr(p, "stream %s already configured at line %u", args[0],
				t->streams[i].line);
	if (t->n_streams == CFG_TESTER_MAX_STREAMS)
		return cfg_perr(p, "stream %s: more than %d streams", args[0], CFG_TESTER_MAX_STREAMS);
	if ((s = cfg_push(&t->streams, &t->n_streams, sizeof(*s))) == NULL)
		return cfg_enomem(p);
	snprintf(s->name, sizeof(s->name), "%s", args[0]);
	s->port = s->rx_port = -1;
	s->n_vteps = s->n_macs = 1;
	s->sizes[0] = 128;
	s->n_sizes = 1;
	s->rate = 1000;
	cp_ip_parse("198.18.0.1", &s->src_ip); // RFC 2544's benchmark range
	cp_ip_parse("198.18.0.2", &s->dst_ip);
	s->line = p->line;
	snprintf(p->ctx, sizeof(p->ctx), "stream %s: ", s->name);
	return 0;
}

static int stream_need(struct cfg_parser *p, bool ok, const char *what)
{
	if (ok)
		return 0;
	return cfg_perr_at(p, cur(p)->line, "stream %s: encapsulation %s needs %s", cur(p)->name,
		encap_names[cur(p)->encap], what);
}

// What each encapsulation needs, once the whole section is read.
static int stream_close(struct cfg_parser *p)
{
	const struct cfg_stream *s = cur(p);
	bool ip = s->encap == CFG_STREAM_VXLAN || s->encap == CFG_STREAM_MPLS_UDP;
	bool mpls = s->encap == CFG_STREAM_MPLS || s->encap == CFG_STREAM_MPLS_UDP;

	if (stream_need(p, s->port >= 0, "port") < 0 ||
		stream_need(p, s->has_src_mac && s->has_dst_mac, "source-mac and destination-mac") < 0 ||
		stream_need(p, s->encap == CFG_STREAM_ETHERNET || s->has_next_hop_mac,
			"next-hop-mac") < 0 ||
		stream_need(p, !ip || (s->src_vtep.family != 0 && s->dst_vtep.family != 0),
			"source-vtep and destination-vtep") < 0 ||
		stream_need(p, s->encap != CFG_STREAM_VXLAN || s->vni != 0, "vni") < 0 ||
		stream_need(p, !mpls || s->n_labels > 0, "label") < 0)
		return -EINVAL;
	return 0;
}

static int tester_open(struct cfg_parser *p, char **args)
{
	(void)args;
	if (p->cfg->tester.line != 0)
		return cfg_perr(p, "tester: section already given at line %u", p->cfg->tester.line);
	p->cfg->tester.line = p->line;
	snprintf(p->ctx, sizeof(p->ctx), "tester: ");
	return 0;
}

static int report_cmd(struct cfg_parser *p, char **args, int n)
{
	(void)n;
	if (strlen(args[0]) >= sizeof(p->cfg->tester.report_file))
		return cfg_perr(p, "report-file: path longer than %zu characters",
			sizeof(p->cfg->tester.report_file) - 1);
	snprintf(p->cfg->tester.report_file, sizeof(p->cfg->tester.report_file), "%s", args[0]);
	return 0;
}

static const struct cfg_keyword tester_keywords[] = {
	{"report-file", 1, 1, 1, "report-file", "report-file PATH", report_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_tester_section = {
	.name = "tester",
	.n_args = 0,
	.usage = "tester",
	.open = tester_open,
	.keywords = tester_keywords,
};

static const struct cfg_keyword stream_keywords[] = {
	{"port", 1, 1, 1, "port", "port PORT", port_cmd},
	{"rx-port", 1, 1, 2, "rx-port", "rx-port PORT", rx_port_cmd},
	{"encapsulation", 1, 1, 3, "encapsulation", "encapsulation vxlan|mpls|mpls-udp|ethernet",
		encap_cmd},
	{"source-vtep", 1, 3, 4, "source-vtep", "source-vtep ADDRESS [count N]", src_vtep_cmd},
	{"destination-vtep", 1, 1, 5, "destination-vtep", "destination-vtep ADDRESS",
		dst_vtep_cmd},
	{"next-hop-mac", 1, 1, 6, "next-hop-mac", "next-hop-mac MAC", nh_mac_cmd},
	{"vni", 1, 1, 7, "vni", "vni N", vni_cmd},
	{"label", 1, CFG_STREAM_MAX_LABELS, 8, "label", "label LABEL... (the service label last)",
		label_cmd},
	{"rx-label", 1, 1, 9, "rx-label", "rx-label LABEL", rx_label_cmd},
	{"source-mac", 1, 3, 10, "source-mac", "source-mac MAC [count N]", src_mac_cmd},
	{"destination-mac", 1, 1, 11, "destination-mac", "destination-mac MAC", dst_mac_cmd},
	{"source-ip", 1, 1, 0, NULL, "source-ip ADDRESS", src_ip_cmd},
	{"destination-ip", 1, 1, 0, NULL, "destination-ip ADDRESS", dst_ip_cmd},
	{"frame-size", 1, CFG_STREAM_MAX_SIZES, 0, NULL, "frame-size SIZE... | imix", size_cmd},
	{"rate", 1, 2, 0, NULL, "rate NUMBER pps|kpps|mpps|bps|kbps|mbps|gbps | max", rate_cmd},
	{"duration", 1, 1, 0, NULL, "duration SECONDS", duration_cmd},
	{"count", 1, 1, 0, NULL, "count PACKETS", count_cmd},
	{NULL, 0, 0, 0, NULL, NULL, NULL},
};

const struct cfg_section cfg_stream_section = {
	.name = "stream",
	.n_args = 1,
	.usage = "stream NAME",
	.open = stream_open,
	.close = stream_close,
	.keywords = stream_keywords,
};

int cfg_tester_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err)
{
	const struct cfg_tester *t = &cfg->tester;

	if (t->n_streams > 0 && t->line == 0)
		return cfg_check_err(err, file, t->streams[0].line,
			"stream %s: no tester section (streams run in the tester pipeline)",
			t->streams[0].name);
	// Said, not refused: a tester may keep a VTEP's file around its streams.
	if (t->line != 0 && cfg->n_bds > 0)
		cfg_check_warn(err, file, cfg->bds[0].line,
			"bridge-domain %u: not forwarded: the tester pipeline runs instead of the "
			"VTEP's", cfg->bds[0].id);
	return 0;
}

const char *cfg_stream_encap_name(uint8_t encap)
{
	return encap < sizeof(encap_names) / sizeof(encap_names[0]) ? encap_names[encap] : "?";
}

uint64_t cfg_stream_pps(const struct cfg_stream *s)
{
	uint64_t bytes = 0;

	if (!s->rate_bps || s->rate == 0)
		return s->rate;
	for (unsigned i = 0; i < s->n_sizes; i++)
		bytes += s->sizes[i] + 20u; // preamble, start delimiter and gap
	return s->rate * s->n_sizes / (bytes * 8) ? s->rate * s->n_sizes / (bytes * 8) : 1;
}

void cfg_tester_free(struct evpnd_config *cfg)
{
	free(cfg->tester.streams);
	memset(&cfg->tester, 0, sizeof(cfg->tester));
}
