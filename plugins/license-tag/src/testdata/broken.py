# SPDX-License-Identifier: Apache 2
# SPDX-FileCopyrightText: 2022 The Example Authors
"""Helpers for the example service."""


def main() -> None:
    print("hello")
