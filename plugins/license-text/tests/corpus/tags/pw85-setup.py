from setuptools import setup

setup(
    name='pw85',
    py_modules=['pw85'],
    license='BSD-3',
    classifiers=['Development Status :: 4 - Beta',
                 'Intended Audience :: Developers',
                 'License :: OSI Approved :: BSD License',
                 'Operating System :: OS Independent',
                 'Programming Language :: Python :: 3'],
)
