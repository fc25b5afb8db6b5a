<?php

/**
 * @ingroup Test
 * @license myLicense
 */
class MyLicenseClass {

}

/**
 * Some class without license
 */
class NoMyLicenseClass {

}
