// @source: https://github.com/tejo-esperanto/pasportaservo/blob/master/core/static/js/forms.js
// @license magnet:?xt=urn:btih:0b31508aeb0634b347b8270c7bee4d411b5d4109&dn=agpl-3.0.txt AGPL v3


$(function() {

    $(window).bind('load', function() {
        var flasher = $('.alert.flyover');
