/*!
* @@name
* @@author
* Version @@version - built @@timestamp
* @@license Licensed
*
*/

!(function (factory) {
  factory(jQuery);
}(function () {
