// SPDX-License-Identifier: BSD-3-Clause
// Per-VNI EVPN configuration and state: route distinguisher and route targets,
// derived automatically the way FRR derives them, or configured (`rd`,
// `route-target import|export|both`).
//
// FRR's rules (bgpd/bgp_evpn.c, bgpd/bgpd.c, lib/bitfield.h):
// - auto RD = router-id:rd_id (type 1). rd_id is the lowest free index of one
//   bitfield shared by every BGP instance (VRF), every VNI and every local ES:
//   index 0 is reserved at start-up, the default BGP instance takes 1, so the
//   first VNI gets 2 (the lab's 198.51.100.1:2 for VNI 100). An index is taken
//   when the VNI is created even if its RD is configured, and given back when
//   the VNI goes.
// - auto RT = (ASN & 0xffff):VNI as a type 0x00 (two-octet AS) community with
//   the VNI in the four-octet local part, also for 4-octet ASNs; with
//   `autort rfc8365-compatible` the VNI gets bit 0x10000000 (RFC 8365 5.1.2.1).
//   FRR 8.4 uses the same value for import and export.
// - a configured RT in a direction replaces the auto one there; removing the
//   last configured one brings the auto one back.
#ifndef EVPND_EVPN_VNI_H
#define EVPND_EVPN_VNI_H

#include "evpn_ecomm.h"
#include "evpn_nlri.h"

#include <stdbool.h>
#include <stdint.h>

#define EVPN_VNI_MAX_RT 16
#define EVPN_RD_ID_SPACE 65536
#define EVPN_AUTORT_RFC8365 0x10000000u

enum evpn_rt_dir {
	EVPN_RT_IMPORT = 1,
	EVPN_RT_EXPORT = 2,
	EVPN_RT_BOTH = 3,
};

struct evpn_rt_list {
	uint8_t n;
	bool configured; // false: the one entry is the auto RT
	struct evpn_rt rt[EVPN_VNI_MAX_RT];
};

struct evpn_vni {
	uint32_t vni;
	uint16_t rd_id; // FRR's index, taken at creation
	bool rd_configured;
	struct evpn_rd rd;
	struct evpn_rt_list import;
	struct evpn_rt_list export;
	// Symmetric IRB (RFC 9135): the L3VNI of the VRF its bridge domain routes in (0:
	// none), that VRF's router MAC and route target; MAC+IP routes carry all three.
	uint32_t l3vni;
	uint8_t rmac[6];
	struct evpn_rt l3_rt;
	uint32_t l3_label;   // that VRF's per-VRF label when it is MPLS (cfg_vrf_label); 0: L3VNI
	uint32_t mpls_label; // our service label (encapsulation mpls, evpn_mpls.h); 0: VXLAN
};

// The EVPN instance of `router bgp ASN`: identity, the shared RD index space
// and the VNIs (kept sorted by VNI).
struct evpn_inst {
	uint32_t asn;
	uint8_t router_id[4];
	bool autort_rfc8365;
	uint32_t n_vni;
	uint32_t cap_vni;
	struct evpn_vni *vnis;
	uint64_t rd_ids[EVPN_RD_ID_SPACE / 64];
	uint32_t gen; // changes with the VNIs and their route targets
	struct evpn_rt_index *rt_index; // evpn_rt_index.h, built on first use
};

// Reserves indexes 0 and 1 (start-up and the default instance, as FRR).
void evpn_inst_init(struct evpn_inst *in, uint32_t asn, const uint8_t router_id[4]);
void evpn_inst_fini(struct evpn_inst *in);
// Identity changes re-derive every auto RD / RT.
void evpn_inst_set_router_id(struct evpn_inst *in, const uint8_t router_id[4]);
void evpn_inst_set_asn(struct evpn_inst *in, uint32_t asn);
void evpn_inst_set_autort_rfc8365(struct evpn_inst *in, bool on);

// The shared RD index space (also for L3 VRFs and Ethernet segments later).
// Lowest free index, or -ENOSPC.
int evpn_rd_id_alloc(struct evpn_inst *in);
void evpn_rd_id_free(struct evpn_inst *in, uint16_t id);

// Creates a VNI with auto RD/RT. Returns it, or NULL with errno EEXIST,
// ENOSPC or ENOMEM. The pointer is valid until the next add or delete.
struct evpn_vni *evpn_vni_add(struct evpn_inst *in, uint32_t vni);
int evpn_vni_del(struct evpn_inst *in, uint32_t vni); // 0 or -ENOENT
struct evpn_vni *evpn_vni_find(const struct evpn_inst *in, uint32_t vni);

// `rd X` (rd NULL: `no rd`, back to auto).
void evpn_vni_set_rd(struct evpn_inst *in, struct evpn_vni *v, const struct evpn_rd *rd);
// `route-target import|export|both X` and its `no` form. 0, -ENOSPC, -ENOENT.
int evpn_vni_rt_add(
	struct evpn_inst *in, struct evpn_vni *v, enum evpn_rt_dir dir, const struct evpn_rt *rt);
int evpn_vni_rt_del(
	struct evpn_inst *in, struct evpn_vni *v, enum evpn_rt_dir dir, const struct evpn_rt *rt);

// The auto RT of a VNI under this instance.
struct evpn_rt evpn_auto_rt(const struct evpn_inst *in, uint32_t vni);

// True when one of the route targets in an extended community list (wire
// form, n * 8 octets) is in the VNI's import list. Transitivity is ignored.
bool evpn_vni_imports(const struct evpn_vni *v, const uint8_t *ecomm, size_t len);

#endif
