#!/usr/bin/env python3

#{{{License and copyright
#  Copyright © 2022 Michael DeBusk (https://gitlab.com/mdebusk)
#
#  Full GNU General Public License can be viewed here:
#  https://www.gnu.org/licenses/gpl-3.0.en.html
#
#  This program is free software; you can redistribute it and/or modify
#  it under the terms of the GNU General Public License as published by
#  the Free Software Foundation; either version 2 of the License, or
#  (at your option) any later version.
#
#  This program is distributed in the hope that it will be useful,
#  but WITHOUT ANY WARRANTY; without even the implied warranty of
#  MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
#  GNU General Public License for more details.
#
#  You should have received a copy of the GNU General Public License
#  along with this program; if not, write to the Free Software
#  Foundation, Inc., 59 Temple Place, Suite 330, Boston, MA  02111-1307  USA
#}}} End license and copyright
