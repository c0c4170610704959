// SPDX-License-Identifier: BSD-3-Clause
// `show port`, `show bridge-domain`, `show mac`, `show vtep`, `show stats` (text and
// json), and `clear mac`: views of the dataplane through dp/dp_api.h.
#ifndef EVPND_SHOW_DATAPLANE_H
#define EVPND_SHOW_DATAPLANE_H

int show_dataplane_register(void);

#endif
