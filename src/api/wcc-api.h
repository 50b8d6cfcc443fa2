/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wcc-api.h: everything the application needs from the client side of the server API. */
#pragma once

#include "wcc-call-log.h"
#include "wcc-call-record.h"
#include "wcc-chat.h"
#include "wcc-client.h"
#include "wcc-contact.h"
#include "wcc-contact-list.h"
#include "wcc-event-stream.h"
#include "wcc-group.h"
#include "wcc-group-member.h"
#include "wcc-import-job.h"
#include "wcc-monitor.h"
#include "wcc-notification-center.h"
#include "wcc-outbox.h"
#include "wcc-paged-list.h"
#include "wcc-recording-uploads.h"
#include "wcc-report.h"
#include "wcc-report-row.h"
#include "wcc-session.h"
#include "wcc-user.h"
