<?php

namespace PHPDoc2\Psr;

class License
{

  /**
   * @license MIT
   *
   * @license GPL-2.0+
   *
   * @license http://www.spdx.org/licenses/MIT MIT License
   */
  function method()
  {
  }

}
