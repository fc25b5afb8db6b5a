#!/usr/bin/env bash
# SPDX-FileCopyrightText: Copyright (c) 2024 ACME Corp.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception OR MIT

set -euo pipefail
grep -r "SPDX-License-Identifier: " src/ | wc -l
