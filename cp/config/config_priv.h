// SPDX-License-Identifier: BSD-3-Clause
// Internals shared by the files of cp/config; users include config.h only.
#ifndef EVPND_CONFIG_PRIV_H
#define EVPND_CONFIG_PRIV_H

#include "cp/config/config.h"
#include "cp/cp_htable.h"

#include <stdarg.h>

#define CFG_LINE_MAX 1024	  // longer lines are an error
#define CFG_MAX_TOKENS 32	  // no command needs more; more is an error
#define CFG_MAX_ONCE 12		  // per-section "may be given once" slots
#define CFG_KEY_MAX 20		  // largest hash key: a prefix (family, address, length)
#define CFG_FILE_MAX (256u << 20) // refuse to slurp absurd files

#define CFG_PRINTF(f, a) __attribute__((format(printf, f, a)))

// ---- a small open-addressing hash set, so duplicate checks stay O(1) per line

struct cfg_kset {
	struct cp_htable t; // of struct cfg_kslot (config_util.c); empty before the first insert
};

// Inserts key -> val. Returns 0 when inserted, 1 when the key was already there
// (its value in *old, nothing changed), -ENOMEM.
int cfg_kset_add(struct cfg_kset *s, const void *key, size_t len, uint32_t val, uint32_t *old);
// Looks key up; true and its value in *val when present.
bool cfg_kset_get(const struct cfg_kset *s, const void *key, size_t len, uint32_t *val);
void cfg_kset_free(struct cfg_kset *s);

// ---- helpers (config_util.c)

// Appends one zeroed element to a malloc'd array whose capacity is implied by n
// (the next power of two), so config.h needs no capacity fields. NULL on ENOMEM.
void *cfg_push(void *arrp, size_t *n, size_t size);
bool cfg_ip_is_unicast(const struct cp_ip *ip);
bool cfg_mac_is_unicast(const uint8_t mac[6]);
bool cfg_port_name_valid(const char *name);
uint8_t cfg_ip_maxlen(int family);
bool cfg_prefix_has_host_bits(const struct cfg_prefix *p);
const char *cfg_prefix_str(const struct cfg_prefix *p, char *buf, size_t len);
const char *cfg_family_str(int family);
// Hash keys of addresses (padding-free bytes); return the key length.
size_t cfg_ip_key(const struct cp_ip *ip, uint8_t key[CFG_KEY_MAX]);
size_t cfg_prefix_key(const struct cfg_prefix *p, uint8_t key[CFG_KEY_MAX]);
size_t cfg_member_key(const struct cfg_member *m, uint8_t key[CFG_KEY_MAX]);
// "host0 untagged" / "host0 vlan 10"
const char *cfg_member_str(
	const struct evpnd_config *cfg, const struct cfg_member *m, char *buf, size_t len);

// ---- the parser

struct cfg_parser;

// One command inside a section: "mbufs 32768".
struct cfg_keyword {
	const char *name;
	int min_args, max_args; // tokens after the keyword
	int once;		// 1 + slot for commands given at most once, 0 = repeatable
	const char *what;	// name of the once slot in messages ("learning")
	const char *usage;
	int (*fn)(struct cfg_parser *p, char **args, int n);
};

// A column-0 keyword and the commands allowed under it.
struct cfg_section {
	const char *name;
	int n_args;
	const char *usage;
	int (*open)(struct cfg_parser *p, char **args);
	int (*close)(struct cfg_parser *p); // may be NULL
	const struct cfg_keyword *keywords; // ends with a NULL name
};

struct cfg_parser {
	struct evpnd_config *cfg;
	struct cfg_error *err;
	const char *file;
	unsigned line;
	const struct cfg_section *section; // NULL before the first section
	bool skip;	// indented lines are ignored: their section header was bad or ignored
	char title[64]; // "dataplane", "bridge-domain 100"
	char ctx[80];	// prefix of errors inside the section: "bridge-domain 100: "
	unsigned once_line[CFG_MAX_ONCE];

	unsigned dataplane_line, underlay_line; // where the section was given, 0 = not yet
	unsigned main_lcore_line, workers_line;
	unsigned port_addr_line[CFG_MAX_PORTS]; // first underlay address on the port
	uint32_t port_member_bd[CFG_MAX_PORTS]; // first bridge domain with the port, 0 = none

	struct cfg_kset bd_ids;		 // bd id -> line
	struct cfg_kset vnis;		 // vni -> bd id
	struct cfg_kset members;	 // (port, vlan) -> bd id
	struct cfg_kset bd_macs;	 // static MACs of the current bd -> line
	struct cfg_kset bd_floods;	 // flood-vteps of the current bd -> line
	struct cfg_kset bd_gw_addrs;	 // gateway-addresses of the current bd -> line
	struct cfg_kset uaddrs;		 // underlay address -> line
	struct cfg_kset routes;		 // route prefix -> line
	struct cfg_kset neighs;		 // neighbor address -> line
	struct cfg_kset mpls_lsps;	 // in label -> line
	struct cfg_kset mpls_transports; // PE address -> line

	// router bgp (config_bgp.c)
	unsigned bgp_line;	      // where "router bgp" was given, 0 = not yet
	int bgp_af;		      // current address-family (enum cfg_bgp_af), -1 = none
	unsigned bgp_af_line;	      // where it was opened
	struct cfg_kset bgp_nbrs;     // neighbor address or group name hash -> index
	struct cfg_kset bgp_networks; // network prefix -> line
	struct cfg_kset bgp_listens;  // listen range -> line

	// vni blocks in address-family l2vpn evpn (config_evpn.c)
	size_t evpn_vni;	   // index of the open block in bgp.evpn_vnis
	unsigned evpn_vni_line;	   // where it was opened, 0 = no block open
	unsigned evpn_rd_line;	   // "rd" of the open block, 0 = not yet
	struct cfg_kset evpn_vnis; // vni -> line

	// router bgp ASN vrf NAME (config_vrf_evpn.c)
	int bgp_vrf;		  // VRF id of the open section
	unsigned bgp_vrf_af_line; // its address-family l2vpn evpn, 0 = not open
	size_t rmap;		  // the open route-map entry (config_policy.c)
};

extern const struct cfg_section cfg_dataplane_section;
extern const struct cfg_section cfg_underlay_section;
extern const struct cfg_section cfg_bd_section;
extern const struct cfg_section cfg_bgp_section;
extern const struct cfg_section cfg_vrf_section;
extern const struct cfg_section cfg_mpls_section;
extern const struct cfg_section cfg_process_section;

// process sections (config_process.c): freeing and printing.
void cfg_process_free(struct evpnd_config *cfg);
void cfg_process_print(const struct evpnd_config *cfg, FILE *out);

extern const struct cfg_section cfg_metrics_section;
// The metrics section (config_metrics.c): the top-level "no metrics", printing.
int cfg_metrics_off(struct cfg_parser *p);
void cfg_metrics_print(const struct evpnd_config *cfg, FILE *out);

extern const struct cfg_section cfg_tester_section;
extern const struct cfg_section cfg_stream_section;
// The tester (config_tester.c): whole-config checks, printing, freeing.
int cfg_tester_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err);
void cfg_tester_print(const struct evpnd_config *cfg, FILE *out);
void cfg_tester_free(struct evpnd_config *cfg);
const char *cfg_stream_encap_name(uint8_t encap); // "vxlan", ...

// The mpls section (config_mpls.c): freeing, whole-config checks, printing.
void cfg_mpls_free(struct evpnd_config *cfg);
int cfg_mpls_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err);
void cfg_mpls_print(const struct evpnd_config *cfg, FILE *out);
extern const struct cfg_section cfg_bgp_vrf_section;
extern const struct cfg_section cfg_rmap_section;

// "ip|ipv6 prefix-list ..." (a top-level line) and the route maps (config_policy.c).
int cfg_prefix_list_cmd(struct cfg_parser *p, char **tok, int n);
int cfg_policy_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err);
void cfg_policy_print(const struct evpnd_config *cfg, FILE *out);
void cfg_policy_free(struct evpnd_config *cfg);

// A VRF's EVPN lines (advertise, rd, route-target; args after the keyword), shared
// by the vrf section and router bgp ASN vrf NAME (config_vrf_evpn.c).
int cfg_vrf_advertise(struct cfg_parser *p, struct cfg_vrf *v, char **args, int n);
int cfg_vrf_rd(struct cfg_parser *p, struct cfg_vrf *v, char **args, int n);
int cfg_vrf_rt(struct cfg_parser *p, struct cfg_vrf *v, char **args, int n);
int cfg_vrf_evpn_check(
	const struct evpnd_config *cfg, int id, const char *file, struct cfg_error *err);
void cfg_vrf_evpn_print(const struct cfg_vrf *v, FILE *out);

// vrf sections (config_vrf.c): freeing, the whole-config checks (bridge domains'
// vrf names, L3VNIs, static routes' next hops), printing.
void cfg_vrf_free(struct evpnd_config *cfg);
int cfg_vrf_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err);
void cfg_vrf_print(const struct evpnd_config *cfg, FILE *out);

// router bgp: freeing, whole-config checks and printing (config_bgp.c).
void cfg_bgp_free(struct cfg_bgp *bgp);
int cfg_bgp_check(const struct evpnd_config *cfg, const char *file, struct cfg_error *err);
// After a successful check: "update-source IFNAME" becomes that port's address.
void cfg_bgp_resolve(struct evpnd_config *cfg);

// Whole-config errors: "FILE:LINE: reason", "FILE: reason" without a line, or
// "reason" without a file (a config built in memory). Returns -EINVAL.
int cfg_check_vaddf(
	struct cfg_error *err, const char *file, unsigned line, const char *fmt, va_list ap);
// The same with its arguments: every whole-config check's error.
int cfg_check_err(struct cfg_error *err, const char *file, unsigned line, const char *fmt, ...)
	CFG_PRINTF(4, 5);
// A warning of the whole-file check, same forms (one line in err->warnings).
void cfg_check_warn(struct cfg_error *err, const char *file, unsigned line, const char *fmt, ...)
	CFG_PRINTF(4, 5);
// What start-up would refuse (config_limits.c); each error listed, -EINVAL if any.
int cfg_check_limits(const struct evpnd_config *cfg, const char *file, struct cfg_error *err);
int cfg_check_bd_limits(struct cfg_error *err, const char *file, const struct cfg_bd *bd,
	const struct evpnd_config *cfg);
void cfg_bgp_print(const struct cfg_bgp *bgp, FILE *out);
void cfg_bgp_parser_free(struct cfg_parser *p);

// vni blocks of address-family l2vpn evpn (config_evpn.c). The parser hands a
// line of router bgp here first: 1 when it was taken (0 or -EINVAL set *ret),
// 0 when it is not a vni-block command.
int cfg_evpn_command(struct cfg_parser *p, char **tok, int n, int *ret);
// At the end of router bgp: -EINVAL when a vni block is still open.
int cfg_evpn_close(struct cfg_parser *p);
void cfg_evpn_free(struct cfg_bgp *bgp);
void cfg_evpn_parser_free(struct cfg_parser *p);
// "  vni 100" ... "  exit-vni" lines, inside the printed address-family.
void cfg_evpn_print(const struct cfg_bgp *bgp, FILE *out);

// Formats "FILE:LINE: <ctx>reason" into p->err and returns -EINVAL.
int cfg_perr(struct cfg_parser *p, const char *fmt, ...) CFG_PRINTF(2, 3);
// Same at another line and without the section context.
int cfg_perr_at(struct cfg_parser *p, unsigned line, const char *fmt, ...) CFG_PRINTF(3, 4);
// Marks a "given at most once" slot (1-based) as set on this line: 0, or the error
// (already set) reported.
int cfg_once(struct cfg_parser *p, int slot, const char *what);
// Whether keyword takes a value at most once in a section named section ("bridge-domain":
// "vni", "mac-aging-time"): config_edit replaces its line instead of adding one.
bool cfg_keyword_once(const char *section, const char *keyword);
int cfg_enomem(struct cfg_parser *p);
// One warning line "FILE:LINE: reason" (a line accepted but not applied).
void cfg_pwarn(struct cfg_parser *p, const char *fmt, ...) CFG_PRINTF(2, 3);
// At the end of a parse: "... and N more" when errors were left off the list.
void cfg_error_finish(struct cfg_error *err);

// ---- FRR's own lines (config_frr.c): what an operator's pasted frr.conf holds
// besides router bgp. Each returns 1 when it took the line (*ret 0 or -EINVAL),
// 0 when the line is not one of them.
#define CFG_FRR_BLOCK 2 // taken, and the indented lines under it are ignored
int cfg_frr_toplevel(struct cfg_parser *p, char **tok, int n, int *ret);
// "neighbor X SETTING ..." (outside or inside an address-family) and "bgp ..."
// lines of router bgp that FRR writes and evpnd takes, ignores or refuses.
int cfg_frr_neighbor(struct cfg_parser *p, struct cfg_bgp_nbr *nb, char **args, int n, int *ret);
int cfg_frr_bgp(struct cfg_parser *p, char **args, int n, int *ret);
// "neighbor IFNAME ..." for a name that is neither an address nor a peer-group.
int cfg_frr_unnumbered(struct cfg_parser *p, char **args, int n);

// Token parsers: on failure they report "<what>: ..." and return -EINVAL.
int cfg_parse_u32(struct cfg_parser *p, const char *what, const char *s, uint32_t min, uint32_t max,
	uint32_t *out);
int cfg_parse_ip(struct cfg_parser *p, const char *s, struct cp_ip *ip);
int cfg_parse_unicast(struct cfg_parser *p, const char *what, const char *s, struct cp_ip *ip);
int cfg_parse_prefix(struct cfg_parser *p, const char *s, uint8_t min_len, struct cfg_prefix *pf);
int cfg_parse_mac(struct cfg_parser *p, const char *s, uint8_t mac[6]);
int cfg_parse_port(struct cfg_parser *p, const char *s, int *port);
int cfg_parse_vlan(struct cfg_parser *p, const char *s, uint16_t *vlan);
// A fixed word inside a command: "port" in "address P port NAME".
int cfg_expect(struct cfg_parser *p, const char *cmd, const char *tok, const char *want);

#endif
