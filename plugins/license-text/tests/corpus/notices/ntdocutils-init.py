# NtDocutils https://ntrrg.github.io/NtDocutils/
# Copyright (c) 2017 Miguel Angel Rivera Notararigo
# Licensed under The MIT License. See LICENSE file for full licensing details.

"""NtDocutils."""

__version__ = "0.1.0"
__docformat__ = "reStructuredText"

COPYRIGHT = """NtDocutils {} https://ntrrg.github.io/NtDocutils/
Copyright (c) 2017 Miguel Angel Rivera Notararigo
Licensed under The MIT License""".format(__version__)
