// SPDX-License-Identifier: BSD-3-Clause
// Text edits of a configuration, the way an operator types them in FRR's vtysh
// "configure" (evpnctl configure): the running configuration's canonical text (what
// config_print writes) plus edit lines gives the new text, which cp_reload then
// applies or refuses whole. Pure text: no parsing of the grammar beyond indentation.
//
// Structure is indentation: a line owns the more indented lines that follow it (its
// block), so "router bgp 65000" owns " address-family l2vpn evpn", which owns
// "  vni 200", which owns "   rd ...". Edit lines are indented the same way; only
// their relative indentation counts. For each edit line, under the line it is
// indented below (the top level for a column-0 line):
//   LINE      an existing line of that block is entered (its own more indented edit
//             lines go into it); "no LINE" there becomes LINE; otherwise LINE is added
//             at the end of the block (a new section at the end of the text, a new
//             "address-family" or "vni" block with its exit-address-family/exit-vni),
//             or in place of the line of a value a section has once ("vni 300" in
//             place of "vni 100", "mac-aging-time 60": the parser's once keywords);
//   no LINE   LINE and its block are removed (a section header: the whole section);
//             for a flag whose "no" form is configuration (learning, arp-suppression,
//             neighbor X activate, bgp default ipv4-unicast...) LINE becomes "no LINE";
//             LINE absent: an error, unless "no LINE" is there or is such a flag.
// Lines compare after blanks are normalised. Blank lines, "!" and "#" comments are
// skipped; exit, exit-vrf, exit-address-family, exit-vni and end leave blocks (as
// indentation already does).
#ifndef EVPND_CONFIG_EDIT_H
#define EVPND_CONFIG_EDIT_H

#include <stddef.h>

struct cfg_edit {
	char *text;	 // the new configuration, '\n'-terminated lines (malloc'd)
	unsigned *src;	 // per line of text (0-based): edit line (1-based) it came from, or 0
	size_t n_lines;	 // lines in text
	char error[512]; // why the edit failed, naming its line
};

// Applies edit ('\n'-separated lines) to running (canonical text). 0 and res filled,
// -EINVAL (res->error says which edit line could not be placed and why) or -ENOMEM.
int config_edit(const char *running, const char *edit, struct cfg_edit *res);
// Frees what config_edit allocated (safe on a failed or zeroed result).
void config_edit_free(struct cfg_edit *res);

#endif
