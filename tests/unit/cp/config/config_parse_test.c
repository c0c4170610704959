// SPDX-License-Identifier: BSD-3-Clause
// Tests of cp/config on valid input: every parsed field, the canonical printed form,
// parse -> print -> parse identity (also for tests/config/*.conf and config/*.conf),
// the address helpers, and parse time on 100k static MACs.
#include "cp/config/config.h"
#include "cp/cp_addr.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

static const char full_conf[] = "! evpnd test config\n"
				"dataplane\n"
				" main-lcore 2\n"
				" worker-lcores 3,5-6\n"
				" mbufs 65536\n"
				"\tmac-table-size   131072\r\n"
				" neigh-table-size 4096\n"
				" fib-size 1048576\n"
				" port uplink0 devargs net_af_xdp0,iface=ul0 rx-queues 2 mtu 9000\n"
				" port host0 devargs net_null0\n"
				" port host1 mtu 1500 devargs 0000:01:00.0\n"
				"#\n"
				"\n"
				"underlay\n"
				" vtep-address 198.51.100.1\n"
				" vtep-address 2001:DB8:0::1\n"
				" address 192.0.2.1/24 port uplink0\n"
				" address 2001:db8:1::1/64 port uplink0\n"
				"  ! indented comment\n"
				" route 0.0.0.0/0 via 192.0.2.254\n"
				" route 2001:db8:ffff::/48 via 2001:db8:1::fe\n"
				" neighbor 192.0.2.2 mac 02:00:00:00:00:02 port uplink0\n"
				"bridge-domain 100\n"
				" vni 10100\n"
				" mac-aging-time 0\n"
				" no learning\n"
				" member host0 untagged\n"
				" member host1 vlan 10\n"
				" mac 02:00:00:00:00:01 port host0\n"
				" mac 02:00:00:00:00:0A port host1 vlan 10\n"
				" mac 02:00:00:00:00:03 remote-vtep 198.51.100.2\n"
				" flood-vtep 198.51.100.2\n"
				" flood-vtep 2001:db8::2\n"
				"bridge-domain 7\n"
				" vni 7\n"
				" unknown-unicast-suppression\n"
				" neigh-suppression\n"
				" arp-suppression\n"
				" member host1 vlan 20\n"
				" gateway-address 10.7.0.1/24\n"
				" gateway-mac 00:00:5E:00:01:07\n"
				" gateway-address 2001:DB8:7::1/64\n";

// What config_print makes of full_conf: every value explicit, canonical spelling.
static const char full_printed[] =
	"dataplane\n"
	" main-lcore 2\n"
	" worker-lcores 3,5-6\n"
	" mbufs 65536\n"
	" mac-table-size 131072\n"
	" neigh-table-size 4096\n"
	" fib-size 1048576\n"
	" port uplink0 devargs net_af_xdp0,iface=ul0 rx-queues 2 mtu 9000\n"
	" port host0 devargs net_null0 rx-queues 0 mtu 0\n"
	" port host1 devargs 0000:01:00.0 rx-queues 0 mtu 1500\n"
	"!\n"
	"underlay\n"
	" vtep-address 198.51.100.1\n"
	" vtep-address 2001:db8::1\n"
	" address 192.0.2.1/24 port uplink0\n"
	" address 2001:db8:1::1/64 port uplink0\n"
	" route 0.0.0.0/0 via 192.0.2.254\n"
	" route 2001:db8:ffff::/48 via 2001:db8:1::fe\n"
	" neighbor 192.0.2.2 mac 02:00:00:00:00:02 port uplink0\n"
	"!\n"
	"bridge-domain 100\n"
	" vni 10100\n"
	" mac-aging-time 0\n"
	" no learning\n"
	" member host0 untagged\n"
	" member host1 vlan 10\n"
	" mac 02:00:00:00:00:01 port host0\n"
	" mac 02:00:00:00:00:0a port host1 vlan 10\n"
	" mac 02:00:00:00:00:03 remote-vtep 198.51.100.2\n"
	" flood-vtep 198.51.100.2\n"
	" flood-vtep 2001:db8::2\n"
	"!\n"
	"bridge-domain 7\n"
	" vni 7\n"
	" mac-aging-time 300\n"
	" learning\n"
	" arp-suppression\n"
	" neigh-suppression\n"
	" unknown-unicast-suppression\n"
	" member host1 vlan 20\n"
	" gateway-mac 00:00:5e:00:01:07\n"
	" gateway-address 10.7.0.1/24\n"
	" gateway-address 2001:db8:7::1/64\n"
	"!\n";

static char *print_to_string(const struct evpnd_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	config_print(cfg, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void parse_ok(struct evpnd_config *cfg, const char *text)
{
	struct cfg_error err;
	int ret = config_parse_string(cfg, text, "t.conf", &err);

	if (ret != 0)
		fail_msg("%s", err.msg);
}

// parse(cfg) -> print -> parse -> print: both prints are the same text.
static void assert_roundtrip(const struct evpnd_config *cfg)
{
	struct evpnd_config again;
	char *first = print_to_string(cfg), *second;

	config_init(&again);
	parse_ok(&again, first);
	second = print_to_string(&again);
	assert_string_equal(first, second);
	config_free(&again);
	free(first);
	free(second);
}

static void assert_ip(const struct cp_ip *ip, const char *want)
{
	char buf[CP_IP_STRLEN];

	assert_non_null(cp_ip_str(ip, buf, sizeof(buf)));
	assert_string_equal(buf, want);
}

static void assert_mac(const uint8_t mac[6], const char *want)
{
	char buf[CP_MAC_STRLEN];

	assert_non_null(cp_mac_str(mac, buf, sizeof(buf)));
	assert_string_equal(buf, want);
}

static void check_full_dataplane(const struct evpnd_config *cfg)
{
	assert_int_equal(cfg->main_lcore, 2);
	assert_int_equal(cfg->n_workers, 3);
	assert_int_equal(cfg->worker_lcores[0], 3);
	assert_int_equal(cfg->worker_lcores[1], 5);
	assert_int_equal(cfg->worker_lcores[2], 6);
	assert_int_equal(cfg->mbufs, 65536);
	assert_int_equal(cfg->mac_table_size, 131072);
	assert_int_equal(cfg->fib_size, 1048576);
	assert_int_equal(cfg->n_ports, 3);
	assert_string_equal(cfg->ports[0].name, "uplink0");
	assert_string_equal(cfg->ports[0].devargs, "net_af_xdp0,iface=ul0");
	assert_int_equal(cfg->ports[0].rx_queues, 2);
	assert_int_equal(cfg->ports[0].mtu, 9000);
	assert_string_equal(cfg->ports[1].name, "host0");
	assert_string_equal(cfg->ports[1].devargs, "net_null0");
	assert_int_equal(cfg->ports[1].rx_queues, 0);
	assert_int_equal(cfg->ports[1].mtu, 0);
	assert_string_equal(cfg->ports[2].name, "host1");
	assert_string_equal(cfg->ports[2].devargs, "0000:01:00.0");
	assert_int_equal(cfg->ports[2].mtu, 1500);
	assert_int_equal(cfg_port_index(cfg, "host1"), 2);
	assert_int_equal(cfg_port_index(cfg, "host2"), -ENOENT);
}

static void check_full_underlay(const struct evpnd_config *cfg)
{
	assert_int_equal(cfg->vtep4.family, AF_INET);
	assert_ip(&cfg->vtep4, "198.51.100.1");
	assert_int_equal(cfg->vtep6.family, AF_INET6);
	assert_ip(&cfg->vtep6, "2001:db8::1");
	assert_int_equal(cfg->n_addrs, 2);
	assert_ip(&cfg->addrs[0].prefix.addr, "192.0.2.1");
	assert_int_equal(cfg->addrs[0].prefix.len, 24);
	assert_int_equal(cfg->addrs[0].port, 0);
	assert_ip(&cfg->addrs[1].prefix.addr, "2001:db8:1::1");
	assert_int_equal(cfg->addrs[1].prefix.len, 64);
	assert_int_equal(cfg->n_routes, 2);
	assert_ip(&cfg->routes[0].dst.addr, "0.0.0.0");
	assert_int_equal(cfg->routes[0].dst.len, 0);
	assert_ip(&cfg->routes[0].via, "192.0.2.254");
	assert_ip(&cfg->routes[1].dst.addr, "2001:db8:ffff::");
	assert_int_equal(cfg->routes[1].dst.len, 48);
	assert_ip(&cfg->routes[1].via, "2001:db8:1::fe");
	assert_int_equal(cfg->n_neighs, 1);
	assert_ip(&cfg->neighs[0].ip, "192.0.2.2");
	assert_mac(cfg->neighs[0].mac, "02:00:00:00:00:02");
	assert_int_equal(cfg->neighs[0].port, 0);
}

static void check_full_bd100(const struct cfg_bd *bd)
{
	assert_int_equal(bd->id, 100);
	assert_int_equal(bd->vni, 10100);
	assert_int_equal(bd->mac_aging_sec, 0);
	assert_false(bd->learning);
	assert_int_equal(bd->n_members, 2);
	assert_int_equal(bd->members[0].port, 1);
	assert_int_equal(bd->members[0].vlan, CFG_VLAN_UNTAGGED);
	assert_int_equal(bd->members[1].port, 2);
	assert_int_equal(bd->members[1].vlan, 10);
	assert_int_equal(bd->n_macs, 3);
	assert_mac(bd->macs[0].mac, "02:00:00:00:00:01");
	assert_int_equal(bd->macs[0].kind, CFG_MAC_LOCAL);
	assert_int_equal(bd->macs[0].local.port, 1);
	assert_int_equal(bd->macs[0].local.vlan, CFG_VLAN_UNTAGGED);
	assert_mac(bd->macs[1].mac, "02:00:00:00:00:0a");
	assert_int_equal(bd->macs[1].kind, CFG_MAC_LOCAL);
	assert_int_equal(bd->macs[1].local.port, 2);
	assert_int_equal(bd->macs[1].local.vlan, 10);
	assert_mac(bd->macs[2].mac, "02:00:00:00:00:03");
	assert_int_equal(bd->macs[2].kind, CFG_MAC_REMOTE);
	assert_ip(&bd->macs[2].vtep, "198.51.100.2");
	assert_int_equal(bd->n_flood_vteps, 2);
	assert_ip(&bd->flood_vteps[0], "198.51.100.2");
	assert_ip(&bd->flood_vteps[1], "2001:db8::2");
}

static void test_full_config(void **state)
{
	struct evpnd_config cfg;

	(void)state;
	config_init(&cfg);
	parse_ok(&cfg, full_conf);
	check_full_dataplane(&cfg);
	check_full_underlay(&cfg);
	assert_int_equal(cfg.n_bds, 2);
	check_full_bd100(&cfg.bds[0]);
	assert_int_equal(cfg.bds[1].id, 7);
	assert_int_equal(cfg.bds[1].vni, 7);
	assert_int_equal(cfg.bds[1].mac_aging_sec, 300);
	assert_true(cfg.bds[1].learning);
	assert_int_equal(cfg.bds[1].n_members, 1);
	assert_int_equal(cfg.bds[1].members[0].vlan, 20);
	assert_int_equal(cfg.bds[1].n_macs, 0);
	assert_int_equal(cfg.bds[1].n_flood_vteps, 0);
	config_free(&cfg);
}

static void test_print_canonical(void **state)
{
	struct evpnd_config cfg;
	char *text;

	(void)state;
	config_init(&cfg);
	parse_ok(&cfg, full_conf);
	text = print_to_string(&cfg);
	assert_string_equal(text, full_printed);
	free(text);
	assert_roundtrip(&cfg);
	config_free(&cfg);
}

static void assert_defaults(const struct evpnd_config *cfg)
{
	struct evpnd_config def;

	config_init(&def);
	assert_int_equal(cfg->main_lcore, 0);
	assert_int_equal(cfg->n_workers, 1);
	assert_int_equal(cfg->worker_lcores[0], 1);
	assert_int_equal(cfg->mbufs, 32768);
	assert_int_equal(cfg->mac_table_size, 262144);
	assert_int_equal(cfg->fib_size, CFG_FIB_SIZE_DEFAULT);
	assert_memory_equal(cfg, &def, sizeof(def));
}

static void test_empty_and_comments(void **state)
{
	struct evpnd_config cfg;
	char *text;

	(void)state;
	config_init(&cfg);
	parse_ok(&cfg, "");
	assert_defaults(&cfg);
	parse_ok(&cfg, "\n\n   \n! only comments\n# here\n\t\n  # indented\n!");
	assert_defaults(&cfg);
	parse_ok(&cfg, "dataplane\nunderlay\n");
	assert_defaults(&cfg);
	text = print_to_string(&cfg);
	assert_string_equal(text, "dataplane\n main-lcore 0\n worker-lcores 1\n mbufs 32768\n"
				  " mac-table-size 262144\n!\nunderlay\n!\n");
	free(text);
	assert_roundtrip(&cfg);
	// No final newline, CRLF line ends.
	parse_ok(&cfg, "dataplane\r\n mbufs 4096\r\n mac-table-size 8192");
	assert_int_equal(cfg.mbufs, 4096);
	assert_int_equal(cfg.mac_table_size, 8192);
	config_free(&cfg);
}

static void test_lcores(void **state)
{
	struct evpnd_config cfg;
	char *text;

	(void)state;
	config_init(&cfg);
	parse_ok(&cfg, "dataplane\n worker-lcores 8,2-4,6,7,1-1\n main-lcore 0\n");
	assert_int_equal(cfg.n_workers, 7);
	assert_int_equal(cfg.worker_lcores[0], 8);
	assert_int_equal(cfg.worker_lcores[1], 2);
	assert_int_equal(cfg.worker_lcores[4], 6);
	assert_int_equal(cfg.worker_lcores[6], 1);
	text = print_to_string(&cfg);
	assert_non_null(strstr(text, " worker-lcores 8,2-4,6-7,1\n"));
	free(text);
	assert_roundtrip(&cfg);
	// Any order: main-lcore moved off the default worker list later in the section.
	parse_ok(&cfg, "dataplane\n worker-lcores 0,2-63,64\n main-lcore 1\n");
	assert_int_equal(cfg.n_workers, CFG_MAX_LCORES);
	assert_int_equal(cfg.main_lcore, 1);
	assert_roundtrip(&cfg);
	config_free(&cfg);
}

// A failed parse frees what the config held before, and a good one replaces it.
static void test_error_resets(void **state)
{
	struct evpnd_config cfg;
	struct cfg_error err;

	(void)state;
	config_init(&cfg);
	parse_ok(&cfg, full_conf);
	parse_ok(&cfg, full_conf);
	assert_int_equal(cfg.n_bds, 2);
	assert_int_equal(
		config_parse_string(&cfg, "dataplane\n mbufs 1\n", "x.conf", &err), -EINVAL);
	assert_defaults(&cfg);
	config_free(&cfg);
	config_free(&cfg); // freeing twice is harmless: config_free resets to defaults
}

static void test_parse_file_errors(void **state)
{
	char path[] = "/tmp/config_parse_test_XXXXXX";
	static const char nul_text[] = "dataplane\n mbufs 4096\0\n";
	struct evpnd_config cfg;
	struct cfg_error err;
	char want[128];
	int fd;

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse_file(&cfg, "/nonexistent/x.conf", &err), -ENOENT);
	assert_string_equal(err.msg, "/nonexistent/x.conf: No such file or directory");
	assert_defaults(&cfg);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, nul_text, sizeof(nul_text) - 1), sizeof(nul_text) - 1);
	close(fd);
	assert_int_equal(config_parse_file(&cfg, path, &err), -EINVAL);
	snprintf(want, sizeof(want), "%s:2: control character in line", path);
	assert_string_equal(err.msg, want);
	unlink(path);
}

// CPU time of this process: unlike the wall clock, it does not count the time
// the test waits for a CPU on a loaded machine.
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// Parses n static MACs into cfg; returns the CPU seconds the parse took.
static double parse_macs(struct evpnd_config *cfg, unsigned n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	double t;

	assert_non_null(f);
	fputs("dataplane\n port h0 devargs net_null0\n port h1 devargs net_null1\n"
	      "underlay\n vtep-address 198.51.100.1\n"
	      "bridge-domain 10\n vni 10\n member h0 untagged\n member h1 vlan 5\n",
		f);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " mac 02:00:00:%02x:%02x:%02x port %s\n", i >> 16, (i >> 8) & 0xff,
			i & 0xff, i % 2 ? "h1 vlan 5" : "h0");
	assert_int_equal(fclose(f), 0);
	config_init(cfg);
	t = cpu_now();
	parse_ok(cfg, text);
	t = cpu_now() - t;
	free(text);
	assert_int_equal(cfg->bds[0].n_macs, n);
	assert_int_equal(cfg->bds[0].macs[n - 1].local.vlan, n % 2 ? 0 : 5);
	return t;
}

// 100k static MACs: growth by doubling and hashed duplicate checks keep the parse
// linear. Four times the MACs must cost less than ten times the CPU time (linear:
// about 4, quadratic: 16), a ratio that holds on a loaded machine, where a bound
// in seconds does not.
static void test_100k_macs(void **state)
{
	enum { N = 100000 };
	struct evpnd_config cfg;
	double small = 0, big;

	(void)state;
	if (!RUNNING_ON_VALGRIND) {
		// the less disturbed of two runs
		for (int i = 0; i < 2; i++) {
			double t = parse_macs(&cfg, N / 4);
			small = i == 0 || t < small ? t : small;
			config_free(&cfg);
		}
	}
	big = parse_macs(&cfg, N);
	print_message("parsed %d static MACs in %.3f s CPU, %d in %.3f s\n", N / 4, small, N, big);
	if (!RUNNING_ON_VALGRIND)
		assert_true(big < 10 * small);
	assert_roundtrip(&cfg);
	config_free(&cfg);
}

static int is_conf(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 5 && strcmp(d->d_name + len - 5, ".conf") == 0;
}

// Whether line (without its '\n' and its indentation) is a line of text, whatever
// its indentation, or the start of one that goes on with more words (the printer's
// explicit defaults: "port P devargs D rx-queues 1").
static bool has_line(const char *text, const char *line, size_t len)
{
	for (const char *p = text; (p = strstr(p, line)) != NULL; p++) {
		const char *bol = p;
		while (bol > text && bol[-1] == ' ')
			bol--;
		if ((bol == text || bol[-1] == '\n') && (p[len] == '\n' || p[len] == '\0' || p[len] == ' '))
			return true;
	}
	return false;
}

// FRR's section ends, and the FRR form of a VRF's EVPN block, which evpnd keeps (and
// prints) in the vrf section: not lines of the printed form.
static bool frr_structure(const char *word)
{
	return strncmp(word, "exit", 4) == 0 ||
		(strncmp(word, "router bgp ", 11) == 0 && strstr(word, " vrf ") != NULL);
}

// Every line of an example (not blank, no comment, no FRR structure) is in what
// evpnd prints of it ("show running-config"): a printer that forgot a setting fails
// here even when the round trip holds. Examples are written in the canonical form.
static int missing_lines(const char *path, const struct evpnd_config *cfg)
{
	char *printed = print_to_string(cfg), line[1024];
	FILE *f = fopen(path, "r");
	int missing = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\r\n");
		while (len > 0 && line[len - 1] == ' ')
			len--;
		line[len] = '\0';
		const char *word = line + strspn(line, " ");
		if (*word == '\0' || *word == '!' || *word == '#' || frr_structure(word))
			continue;
		if (!has_line(printed, word, len - (size_t)(word - line))) {
			print_message("%s: not printed: '%s'\n", path, line);
			missing++;
		}
	}
	fclose(f);
	free(printed);
	return missing;
}

// Every example must parse and survive parse -> print -> parse -> print.
static void check_conf_dir(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_conf, alphasort);

	if (n <= 0)
		fail_msg("no *.conf in %s", dir);
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct evpnd_config cfg;
		struct cfg_error err;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		config_init(&cfg);
		if (config_parse_file(&cfg, path, &err) != 0)
			fail_msg("%s", err.msg);
		assert_roundtrip(&cfg);
		if (strcmp(dir, EXAMPLES_DIR) == 0)
			assert_int_equal(missing_lines(path, &cfg), 0);
		config_free(&cfg);
		free(names[i]);
	}
	free(names);
}

static void test_tests_config_dir(void **state)
{
	(void)state;
	check_conf_dir(CONFIG_DIR);
}

static void test_examples_dir(void **state)
{
	(void)state;
	check_conf_dir(EXAMPLES_DIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_config),
		cmocka_unit_test(test_print_canonical),
		cmocka_unit_test(test_empty_and_comments),
		cmocka_unit_test(test_lcores),
		cmocka_unit_test(test_error_resets),
		cmocka_unit_test(test_parse_file_errors),
		cmocka_unit_test(test_100k_macs),
		cmocka_unit_test(test_tests_config_dir),
		cmocka_unit_test(test_examples_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
