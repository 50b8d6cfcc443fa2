/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-common.h: the shared vocabulary of server and client. */
#pragma once

#include "wcc-contact-card.h"
#include "wcc-csv.h"
#include "wcc-dial-uri.h"
#include "wcc-error.h"
#include "wcc-jpeg.h"
#include "wcc-json.h"
#include "wcc-roles.h"
#include "wcc-time.h"
