#!/usr/bin/env python
from setuptools import setup, find_packages  # type: ignore

with open("README.md") as readme_file:
    readme = readme_file.read()

setup(
    name="PCA95XX",
    version="0.0.2",
    author="First Last",
    author_email="email@example.com",
    python_requires=">=3.6",
    description="",
    install_requires=[],
    license="GNU General Public License v3",
    long_description=readme,
    long_description_content_type="text/markdown",
    include_package_data=True,
)
