// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The tiny static binary the fork+exec row execs. */
int main(void)
{
	return 0;
}
