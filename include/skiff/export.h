// SKIFF_API marks what libskiff exports: the shared library is built with
// -fvisibility=hidden, so everything else (the runtime's internals) stays private.
#pragma once

#define SKIFF_API __attribute__((visibility("default")))
