from setuptools import setup

setup(author="Andrew Michaud",

      classifiers=["Development Status :: 5 - Production/Stable",
                   "License :: Artistic License v1.0",
                   "Natural Language :: English",
                   "Operating System :: MacOS :: MacOS X",
                   "Operating System :: POSIX :: Linux",
                   "Programming Language :: Python :: 3.6",
                   "Programming Language :: Python :: Implementation :: CPython",
                   "Topic :: Utilities",
                   ],

      description="python license-picker",

      install_requires=[],

      keywords=[],

      license="Artistic License v1.0",

      version="1.0.0")
