use strict;
use warnings;
package Software::License::GPL_2_plus;

use base 'Software::License::GPL_2';

sub name { 'The GNU General Public License, Version 2 or later' }

1;

=pod

=head1 NAME

Software::License::GPL_2_plus - GNU General Public License, Version 2 or later

=head1 VERSION

version 0.103002

=head1 AUTHOR

Dominique Dumont <ddumont@cpan.org>

=head1 COPYRIGHT AND LICENSE

This software is copyright (c) 2011 by Dominique Dumont

This is free software; you can redistribute it and/or modify it under
the same terms as the Perl 5 programming language system itself.

=cut
