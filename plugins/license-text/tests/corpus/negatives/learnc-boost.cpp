/*
 Boost is a set of libraries for the C++ programming language that provide support for tasks and structures such as
 linear algebra
 pseudorandom number generation
 multithreading
 It contains several individual libraries.

 Most of the Boost libraries are licensed under the Boost Software License,
 designed to allow Boost to be used with both free and proprietary software projects.


 */

int main() { return 0; }
