#ifndef BOOST_SHARED_HANDLE_HPP_INCLUDED
#define BOOST_SHARED_HANDLE_HPP_INCLUDED

//  Distributed under the Boost Software License, Version 1.0.
//  See accompanying file LICENSE_1_0.txt or copy at
//  http://www.boost.org/LICENSE_1_0.txt

#include <boost/smart_ptr/shared_handle.hpp>

#endif // #ifndef BOOST_SHARED_HANDLE_HPP_INCLUDED
