//
//
// Tencent is pleased to support the open source community by making tRPC available.
//
// Copyright (C) 2023 THL A29 Limited, a Tencent company.
// All rights reserved.
//
// If you have downloaded a copy of the tRPC source code from Tencent,
// please note that tRPC source code is licensed under the  Apache 2.0 License,
// A copy of the Apache 2.0 License is included in this file.
//
//

#pragma once

namespace trpc::admin {

/// @brief Returns a piece of jquery-min.js.
/// jquery.js, under MIT license, https://github.com/jquery/jquery/blob/main/LICENSE.txt
/// Version: 1.8.3.
const char* JqueryMinJs();

}  // namespace trpc::admin
