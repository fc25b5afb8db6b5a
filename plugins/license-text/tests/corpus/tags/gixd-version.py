# -*- coding: utf-8 -*-
#
#
# This source code is licensed under the GPL license found in the
# LICENSE file in the root directory of this source tree.

description = 'GIXD feature detection for Maxwell cluster at DESY synchrotron'

version_info = (0, 0, 1)

__version__ = '.'.join(map(str, version_info))

__license__ = 'GPLv3'
__author__ = 'Vladimir Starostin'
