from setuptools import setup

"""
:authors: Vladislav117
:license: Apache License, Version 2.0, see LICENSE file
:copyright: (c) 2021 Vladislav117
"""

name = "gmlib"

version = "0.0.2"

author = "Vladislav117"
author_email = "siuetkysta@gmail.com"

description = ""

package_license = "Apache License, Version 2.0 see LICENSE file"

packages = ["gmlib"]
