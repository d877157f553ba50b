/* testutil.h - what every unit test includes: cmocka, the public and the
 * internal header. */
#ifndef HERALD_TESTUTIL_H
#define HERALD_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>
#include "herald.h"
#include "internal.h"
#endif
