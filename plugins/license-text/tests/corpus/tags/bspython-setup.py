import setuptools

setuptools.setup(
     name='BSPython',
     py_modules=['bspy'],
     version='1.0',
     license='MIT',
     author="Mitchell Faas",
     classifiers=[
         "Programming Language :: Python :: 3",
         "License :: OSI Approved :: MIT License",
         "Operating System :: OS Independent",
     ],
     python_requires='>=3.6',
 )
