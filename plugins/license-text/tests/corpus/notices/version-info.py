# -*- coding: utf-8 -*-

__version_info__ = ('1', '2')
__version__ = '.'.join(__version_info__)
__copyright__ = """Copyright (C) 2010-2013  Antoine Beaupré, Jerome Charaoui
This program comes with ABSOLUTELY NO WARRANTY.
This is free software, and you are welcome to redistribute it
under certain conditions.
For details see the COPYRIGHT file distributed along this program."""

__license__ = """
    This package is free software; you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published by
    the Free Software Foundation; either version 3 of the License, or
    any later version.
"""
